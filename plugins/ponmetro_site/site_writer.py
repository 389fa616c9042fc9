"""Pelican's writer, with what the site's feeds need that its defaults miss.

Pelican gives every feed the site's address as its Atom `<id>`: the news feed
and the projects feed had the same identity, which RFC 4287 forbids (a feed
reader may take them for one feed). Each feed's id is here its own permanent
address (the `self` link). Everything else is Pelican's.
"""

from __future__ import annotations

from pelican.writers import Writer


class SiteWriter(Writer):
    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        if self.feed_url:
            feed.feed["id"] = self.feed_url
        return feed

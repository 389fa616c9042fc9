"""How the theme's compiled templates escape what they print: the same text, made cheaper.

With autoescaping, Jinja compiles every `{{ value }}` into `escape(value)`,
MarkupSafe's function, which returns a new `Markup` object (a `str` subclass made
through a Python-level `__new__`) only for the output stream to join it into the
page. A project page prints about 200 values, and those calls and objects were a
tenth of the time to render it (cProfile of a one-process build). No library
option turns this off, so `TextOutputCodeGenerator`, set as the environment's
`code_generator_class` (Jinja's documented hook for changing the code a template
compiles to), prints through `escape_text` instead: the same escaping by
MarkupSafe's own C function, returned as plain `str`. What the templates print is
unchanged character for character; values that are already safe (`Markup`,
anything with `__html__`) are printed as they are, as `escape` does.

Only the printing changes. Filters (`|e`, `|safe`), macros and `{% set %}` blocks
still make `Markup`, and a `{% autoescape %}` block whose setting is only known
when the page renders keeps Jinja's own code.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

try:  # the C function behind `escape` (MarkupSafe 3), without the Markup around its result
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - another MarkupSafe: slower, the same text
    def _escape_inner(text: str) -> str:
        return str(escape(text))


def escape_text(value: Any) -> str:
    """`markupsafe.escape(value)` as a plain `str`, for the output stream only."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return _escape_inner(str(value))


class TextOutputCodeGenerator(CodeGenerator):
    """Jinja's code generator, printing escaped values through `escape_text`."""

    # The compiled module imports it itself: a compiled template saved in the
    # bytecode cache must run the same in any environment that loads it.
    IMPORT = f"from {__name__} import escape_text"

    def visit_Template(self, node, frame=None):
        self.writeline(self.IMPORT)
        super().visit_Template(node, frame)

    def _output_child_pre(self, node, frame, finalize):
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("escape_text(")
        if finalize.src is not None:
            self.write(finalize.src)


def use_text_output(env: Environment) -> None:
    """Compile `env`'s templates with `TextOutputCodeGenerator` from now on."""
    env.code_generator_class = TextOutputCodeGenerator

"""The template language every clause is written in.

The sandboxed Jinja environment, Markdown escaping of answer values, the filters and noun
phrases, and the compiled-code cache. It sits below the clause library and knows nothing of it.
"""

"""The LLM-assisted stage: prose rules become checked, tested, locked expressions.

The model proposes, the compiler disposes: every answer is a forced strict tool
call (`contract`), checked like hand-written spec (`candidate`, `examples`),
read back in plain English and judged by a second request (`ask`), pinned in
`spec.lock` (`lock`) and logged (`client`). `resolve` is the stage's entry point.
"""

from compiler.llm.client import Provider, ProviderError, Usage
from compiler.llm.resolve import Options, Resolution, prose_rules, resolve, rule_name

__all__ = [
    "Options",
    "Provider",
    "ProviderError",
    "Resolution",
    "Usage",
    "prose_rules",
    "resolve",
    "rule_name",
]

"""Rule modules, one per rule set. `load(rule_set)` gives the module's `Rules` object
built over the rule set's parameters (data, with the defaults in base.DEFAULTS)."""

from importlib import import_module


def load(rule_set):
    module = import_module(rule_set.module)
    return module.Rules(rule_set)

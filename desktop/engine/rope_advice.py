"""Which RoPE setting to use for a window: from the GGUF's own keys, then what the probe measures.

Measured on the sample model (8,192-token training) at twice its length: YaRN keeps far more of what
it read than linear (SuperHOT-style) scaling, which suits only models fine-tuned for it, and NTK sits
between; unscaled reads almost nothing past its training. So for a model without scaling keys YaRN
is proposed first; a model that ships `rope.scaling.*` keys (a YaRN or linear fine-tune) says its own
factor, and llama.cpp's model default applies it.
"""

from __future__ import annotations

from .config import RopeScaling
from .metadata import ModelFacts
from .probe import ProbeSetting

UNSCALED = ProbeSetting("no scaling", {"rope_scaling": RopeScaling.NONE})


def ships_scaling(facts: ModelFacts) -> bool:
    return facts.rope_scaling_type in ("linear", "yarn") and facts.rope_scaling_factor > 1.0


def candidate_settings(facts: ModelFacts, n_ctx: int) -> list[ProbeSetting]:
    """Settings worth trying for `n_ctx`, the recommended one first."""
    train = facts.n_ctx_train or n_ctx
    if ships_scaling(facts):
        own = ProbeSetting(f"the model's own {facts.rope_scaling_type} ×{facts.rope_scaling_factor:g}", {})
        return [own, UNSCALED]
    if n_ctx <= train:
        return [ProbeSetting("no scaling (within the trained length)", {}),
                ProbeSetting(f"linear ×{2:g} (not needed here)", {"compress_pos_emb": 2.0})]
    factor = round(n_ctx / train, 2)
    return [
        ProbeSetting(f"YaRN ×{factor:g}", {"rope_scaling": RopeScaling.YARN, "rope_freq_scale": 1.0 / factor,
                                           "yarn_orig_ctx": train}),
        ProbeSetting(f"NTK α={factor:g}", {"rope_scaling": RopeScaling.NONE, "ntk_alpha": factor}),
        ProbeSetting(f"linear ×{factor:g} (SuperHOT)", {"compress_pos_emb": factor}),
        UNSCALED,
    ]


def recommended(facts: ModelFacts, n_ctx: int) -> ProbeSetting:
    return candidate_settings(facts, n_ctx)[0]


def describe(facts: ModelFacts) -> str:
    """The facts the advice comes from, in one line."""
    own = (f"; ships {facts.rope_scaling_type} scaling ×{facts.rope_scaling_factor:g}"
           f" (original {facts.rope_orig_ctx})" if ships_scaling(facts) else "; no scaling keys")
    return f"trained on {facts.n_ctx_train:,} tokens, RoPE base {facts.rope_freq_base:g}, dim {facts.rope_dim}{own}"

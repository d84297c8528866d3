"""The llama.cpp sampler chain built from SamplerSettings (only the engine process loads this)."""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from typing import Any

import llama_cpp as ll

from .native import NativeModel
from .sampling import SamplerSettings


class SamplerChain:
    """An owned llama.cpp sampler chain. `sample()` picks a token and records it for the penalties."""

    def __init__(self, model: NativeModel, settings: SamplerSettings, seed: int, n_ctx: int) -> None:
        params = ll.llama_sampler_chain_default_params()
        params.no_perf = True
        self.ptr = ll.llama_sampler_chain_init(params)
        self.seed = seed
        s = settings
        add = lambda smpl: ll.llama_sampler_chain_add(self.ptr, smpl)  # noqa: E731
        bias = dict(s.logit_bias)
        if s.ignore_eos:
            bias.update((t, float("-inf")) for t in model.eog_tokens())
        if bias:
            biases = (ll.llama_logit_bias * len(bias))(*[ll.llama_logit_bias(t, float(b)) for t, b in bias.items()])
            add(ll.llama_sampler_init_logit_bias(model.n_vocab, len(bias), biases))
        if s.repeat_penalty != 1.0 or s.frequency_penalty or s.presence_penalty:
            last_n = n_ctx if s.repeat_last_n < 0 else s.repeat_last_n
            add(ll.llama_sampler_init_penalties(model.n_vocab, last_n, s.repeat_penalty, s.frequency_penalty, s.presence_penalty))
        if s.dry_multiplier > 0:
            breakers = [b.encode("utf-8") for b in s.dry_breakers]
            arr = (ctypes.c_char_p * len(breakers))(*breakers)
            last_n = n_ctx if s.dry_last_n < 0 else s.dry_last_n
            add(ll.llama_sampler_init_dry(model.vocab, s.dry_multiplier, s.dry_base, s.dry_allowed_length,
                                          last_n, arr, len(breakers)))
        if s.temperature <= 0:
            add(ll.llama_sampler_init_greedy())
        elif s.mirostat == 1:
            add(ll.llama_sampler_init_temp(s.temperature))
            add(ll.llama_sampler_init_mirostat(model.n_vocab, seed, s.mirostat_tau, s.mirostat_eta, 100))
        elif s.mirostat == 2:
            add(ll.llama_sampler_init_temp(s.temperature))
            add(ll.llama_sampler_init_mirostat_v2(seed, s.mirostat_tau, s.mirostat_eta))
        else:
            if s.top_k > 0:
                add(ll.llama_sampler_init_top_k(s.top_k))
            if s.typical_p < 1.0:
                add(ll.llama_sampler_init_typical(s.typical_p, 1))
            if s.top_p < 1.0:
                add(ll.llama_sampler_init_top_p(s.top_p, 1))
            if s.min_p > 0.0:
                add(ll.llama_sampler_init_min_p(s.min_p, 1))
            if s.xtc_probability > 0.0:
                add(ll.llama_sampler_init_xtc(s.xtc_probability, s.xtc_threshold, 1, seed))
            add(ll.llama_sampler_init_temp(s.temperature))
            add(ll.llama_sampler_init_dist(seed))
        self.history_needed = max(
            n_ctx if s.repeat_last_n < 0 else s.repeat_last_n,
            (n_ctx if s.dry_last_n < 0 else s.dry_last_n) if s.dry_multiplier > 0 else 0,
        )

    def feed_history(self, tokens: Sequence[int]) -> None:
        """Let the penalty samplers see the recent context."""
        if self.history_needed <= 0:
            return
        for tok in tokens[-self.history_needed:]:
            ll.llama_sampler_accept(self.ptr, tok)

    def sample(self, ctx_ptr: Any, index: int = -1) -> int:
        """Sample from the logits of the last batch's `index`-th token (-1: the last) and accept it."""
        return int(ll.llama_sampler_sample(self.ptr, ctx_ptr, index))

    def close(self) -> None:
        if getattr(self, "ptr", None):
            ll.llama_sampler_free(self.ptr)
            self.ptr = None

    def __del__(self) -> None:
        self.close()

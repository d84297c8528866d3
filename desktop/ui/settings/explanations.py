"""One line per field, shown in small grey text under its label: what it does, for someone who has never
heard of llama.cpp. The search box looks in these too, so they use the words people search with."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .fields import CTX, QT_TRANSLATE_NOOP, FieldSpec

EXPLANATIONS: dict[tuple[str, str], str] = {
    ("load", "n_ctx"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How much of the chat the model can see at once. Longer needs more memory."),
    ("load", "n_gpu_layers"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How much of the model runs on the graphics card: more is faster, until its memory is full."),
    ("sampler", "max_tokens"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "The longest reply, in tokens (a token is about three quarters of a word)."),
    ("sampler", "temperature"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Low: focused and predictable. High: more surprising, and more often wrong."),

    ("load", "n_batch"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How much text is read in one step; bigger reads long pastes faster but uses more memory."),
    ("load", "n_ubatch"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "A smaller step inside each batch; it cannot be bigger than the batch size."),
    ("load", "n_threads"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How many processor cores write the reply; usually the number of cores you have."),
    ("load", "n_threads_batch"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Processor cores used to read your message; \"same\" uses the CPU threads."),
    ("load", "seed"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "A starting number for the model's randomness when it loads; rarely worth changing."),
    ("load", "use_mmap"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Reads the model from disk as needed: starts faster and holds less memory."),
    ("load", "use_mlock"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Keeps the whole model in memory so the computer never swaps it to disk."),

    ("load", "rope_scaling"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How the model is stretched past the length it was trained on; YaRN suits most models."),
    ("load", "compress_pos_emb"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Stretches the context by this factor; only for models made for it (SuperHOT)."),
    ("load", "rope_freq_scale"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Another way to set the linear stretch: 0.5 reads twice as far. Empty: the model's."),
    ("load", "rope_freq_base"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Raising it lets a model read further than it was trained to. Empty: the model's."),
    ("load", "ntk_alpha"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Stretches the context by raising the frequency base; 2.5 is about twice as long."),
    ("load", "yarn_orig_ctx"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "The length the model was trained on, which YaRN stretches from. Empty: the model's."),
    ("load", "yarn_ext_factor"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "A fine-tuning number for YaRN; leave it empty unless the model's page gives one."),
    ("load", "yarn_attn_factor"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "A fine-tuning number for YaRN; leave it empty unless the model's page gives one."),
    ("load", "yarn_beta_fast"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "A fine-tuning number for YaRN; leave it empty unless the model's page gives one."),
    ("load", "yarn_beta_slow"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "A fine-tuning number for YaRN; leave it empty unless the model's page gives one."),

    ("load", "split_mode"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Only with several graphics cards: how the model is shared between them."),
    ("load", "main_gpu"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Which graphics card (0 is the first) holds the model when it is not shared."),
    ("load", "tensor_split"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "With several cards: \"3, 1\" puts three quarters on the first. Empty: by free memory."),
    ("load", "rpc_servers"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Put part of the model on another computer's GPU, running llama.cpp's rpc-server."),
    ("load", "offload_kqv"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Keeps the model's memory of the chat on the graphics card: faster, uses its memory."),

    ("load", "type_k"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How precisely the chat memory is kept; q8_0 halves its size with little loss."),
    ("load", "type_v"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "The same for its other half; anything smaller than f16 needs flash attention."),
    ("load", "flash_attn"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "A faster, leaner way to compute; needed for a smaller V cache type."),

    ("sampler", "top_k"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Picks only among this many of the likeliest next words. 0: no limit."),
    ("sampler", "top_p"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Picks among the likeliest words that together reach this share. 1: no limit."),
    ("sampler", "min_p"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Skips words far less likely than the best one; 0.05 is a good start. 0: off."),
    ("sampler", "typical_p"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Prefers words about as surprising as the text usually is. 1: off."),

    ("sampler", "repeat_penalty"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Makes the model less likely to repeat words it just used. 1: off; 1.1 is mild."),
    ("sampler", "repeat_last_n"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How far back, in tokens, the penalties look for repeated words."),
    ("sampler", "frequency_penalty"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "The more often a word was used, the less likely it is to repeat. 0: off."),
    ("sampler", "presence_penalty"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Any word already used is less likely to repeat, which nudges toward new topics. 0: off."),

    ("sampler", "dry_multiplier"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Stops the model repeating whole phrases; 0.8 is typical. 0: off."),
    ("sampler", "dry_base"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How fast the penalty grows as a repeated phrase gets longer."),
    ("sampler", "dry_allowed_length"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Repeats up to this many tokens are fine (names, short phrases)."),
    ("sampler", "dry_last_n"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How far back, in tokens, it looks for repeated phrases."),
    ("sampler", "dry_breakers"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Text that ends a repeated phrase, separated by commas (\\n is a new line)."),

    ("sampler", "xtc_probability"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How often the most obvious words are skipped, for fresher writing. 0: off."),
    ("sampler", "xtc_threshold"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Only words likelier than this can be skipped."),

    ("sampler", "mirostat"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Keeps the level of surprise steady, instead of Top K and Top P."),
    ("sampler", "mirostat_tau"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "The level of surprise to keep; lower is more focused."),
    ("sampler", "mirostat_eta"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "How quickly Mirostat adjusts."),

    ("sampler", "seed"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "The same number and settings give the same reply; random gives a new one each time."),
    ("sampler", "ignore_eos"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Keeps writing past the model's natural end, for endless stories; Esc stops it."),
    ("sampler", "stop"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "The reply ends when one of these appears; separate them with commas."),
    ("sampler", "lookup_draft"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Faster replies where the text reuses words already in the chat (speculative decoding); needs flash attention."),

    ("load", "draft_model_path"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "A small model of the same family that writes ahead for the model to check; faster replies, "
        "more memory. Needs flash attention."),
    ("load", "draft_max"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "Tokens the draft model writes ahead each time."),
    ("load", "draft_gpu_layers"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "The draft model's layers on the GPU; all is best when it fits."),

    ("load", "context_shift"): QT_TRANSLATE_NOOP(
        "SettingsPanel", "When the chat fills the context, drop the oldest messages instead of reading it all again."),
}


def explanation(spec: FieldSpec) -> str:
    """The field's one-line explanation, translated."""
    return QCoreApplication.translate(CTX, EXPLANATIONS[(spec.target, spec.key)])

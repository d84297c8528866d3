"""What the settings panel shows: every LoadConfig and sampler knob, grouped, with words a user understands.

Labels are what every message speaks of (never the variable name); the one-line explanations shown
under each field are in explanations.py; `tip` is the longer tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...engine.config import KV_CACHE_TYPES

CTX = "SettingsPanel"  # translation context for every string below


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks `source` for translation (PySide6's own is typed as returning object)."""
    return source


@dataclass(frozen=True)
class FieldSpec:
    key: str
    target: str  # "load" (reload needed) or "sampler" (next reply)
    group: str
    label: str
    kind: str  # int | float | bool | choice | text | model (a model file of the models folder, or none)
    tip: str
    minimum: float = 0
    maximum: float = 0
    step: float = 1
    decimals: int = 2
    choices: tuple[tuple[str, object], ...] = ()
    optional: bool = False  # the minimum means "empty: the model's value" (stored as None)
    empty_text: str = ""  # what the minimum shows ("model" for an optional field unless given)


G_MODEL = QT_TRANSLATE_NOOP("SettingsPanel", "Model & context")
G_ROPE = QT_TRANSLATE_NOOP("SettingsPanel", "Long context (RoPE scaling)")
G_GPU = QT_TRANSLATE_NOOP("SettingsPanel", "Memory & GPU")
G_KV = QT_TRANSLATE_NOOP("SettingsPanel", "Chat memory (K/V cache)")
G_SAMPLING = QT_TRANSLATE_NOOP("SettingsPanel", "Word choice (samplers)")
G_REPEAT = QT_TRANSLATE_NOOP("SettingsPanel", "Repetition")
G_DRY = QT_TRANSLATE_NOOP("SettingsPanel", "Repeated phrases (DRY)")
G_XTC = QT_TRANSLATE_NOOP("SettingsPanel", "Fresher wording (XTC)")
G_MIROSTAT = QT_TRANSLATE_NOOP("SettingsPanel", "Steady surprise (Mirostat)")
G_REPLY = QT_TRANSLATE_NOOP("SettingsPanel", "Reply")
G_SHIFT = QT_TRANSLATE_NOOP("SettingsPanel", "Context shift")
G_DRAFT = QT_TRANSLATE_NOOP("SettingsPanel", "Draft model (speculative decoding)")
G_BASIC = QT_TRANSLATE_NOOP("SettingsPanel", "Basic")
GROUPS = (G_MODEL, G_ROPE, G_GPU, G_KV, G_SAMPLING, G_REPEAT, G_DRY, G_XTC, G_MIROSTAT, G_REPLY, G_DRAFT, G_SHIFT)
MODEL_VALUE = QT_TRANSLATE_NOOP("SettingsPanel", "model")
OFF_VALUE = QT_TRANSLATE_NOOP("SettingsPanel", "off")
NONE_VALUE = QT_TRANSLATE_NOOP("SettingsPanel", "none")
SAME_VALUE = QT_TRANSLATE_NOOP("SettingsPanel", "same")
RANDOM_VALUE = QT_TRANSLATE_NOOP("SettingsPanel", "random")
WHOLE_VALUE = QT_TRANSLATE_NOOP("SettingsPanel", "whole context")

# The few that matter, shown by default (in this order); everything else is under "Advanced".
BASIC = (("load", "n_ctx"), ("load", "n_gpu_layers"), ("sampler", "max_tokens"), ("sampler", "temperature"))

_KV = tuple((name, name) for name in KV_CACHE_TYPES)

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("n_ctx", "load", G_BASIC, QT_TRANSLATE_NOOP("SettingsPanel", "Context length"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "How many tokens the model sees at once (chat history plus the reply). Longer needs more memory. "
        "Above the model's trained length, also set RoPE scaling."), 256, 1048576, 256),
    FieldSpec("n_gpu_layers", "load", G_BASIC, QT_TRANSLATE_NOOP("SettingsPanel", "GPU layers"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "How many layers run on the GPU. More is faster until VRAM runs out. -1: all. 0: CPU only."),
        -1, 1000, empty_text=QT_TRANSLATE_NOOP("SettingsPanel", "all")),
    FieldSpec("max_tokens", "sampler", G_BASIC, QT_TRANSLATE_NOOP("SettingsPanel", "Reply length"), "int",
              QT_TRANSLATE_NOOP("SettingsPanel", "Longest reply, in tokens. -1: no limit (the context shifts as needed)."),
              -1, 1048576, empty_text=QT_TRANSLATE_NOOP("SettingsPanel", "no limit")),
    FieldSpec("temperature", "sampler", G_BASIC, QT_TRANSLATE_NOOP("SettingsPanel", "Creativity (temperature)"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "Randomness. Lower is more focused and repetitive, higher more creative. "
                                                 "0 always picks the most likely word."), 0, 5, 0.05),

    FieldSpec("n_batch", "load", G_MODEL, QT_TRANSLATE_NOOP("SettingsPanel", "Batch size"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Tokens read per step when processing a prompt. Larger is faster for long pastes and uses more memory."),
        1, 8192),
    FieldSpec("n_ubatch", "load", G_MODEL, QT_TRANSLATE_NOOP("SettingsPanel", "Micro-batch size"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Tokens computed at once inside a batch. Must not be larger than the batch size."), 1, 8192),
    FieldSpec("n_threads", "load", G_MODEL, QT_TRANSLATE_NOOP("SettingsPanel", "CPU threads"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "CPU threads used while writing a reply. Usually your number of physical cores."), 1, 256),
    FieldSpec("n_threads_batch", "load", G_MODEL, QT_TRANSLATE_NOOP("SettingsPanel", "Prompt threads"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "CPU threads used while reading a prompt. Empty: the same as CPU threads."), 0, 256, optional=True,
        empty_text=SAME_VALUE),
    FieldSpec("seed", "load", G_MODEL, QT_TRANSLATE_NOOP("SettingsPanel", "Context seed"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "The starting number of the model's own randomness when it loads. The reply seed is under Reply."),
        -1, 4294967294, empty_text=RANDOM_VALUE),
    FieldSpec("use_mmap", "load", G_MODEL, QT_TRANSLATE_NOOP("SettingsPanel", "Map the file (mmap)"), "bool", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Read the model straight from disk as needed: faster start and less RAM held. Turn off on slow "
        "network drives.")),
    FieldSpec("use_mlock", "load", G_MODEL, QT_TRANSLATE_NOOP("SettingsPanel", "Lock in RAM (mlock)"), "bool", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Keep the model in RAM so the system never swaps it out. Needs enough free RAM.")),

    FieldSpec("rope_scaling", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "Scaling type"), "choice", QT_TRANSLATE_NOOP(
        "SettingsPanel", "How positions are stretched beyond the trained length. YaRN keeps most models reading their "
        "whole window (Check this setting measures it); linear is SuperHOT-style, for models fine-tuned for it. "
        "'Model' uses what the file says."), choices=(
        (QT_TRANSLATE_NOOP("SettingsPanel", "model"), -1), (QT_TRANSLATE_NOOP("SettingsPanel", "none"), 0),
        (QT_TRANSLATE_NOOP("SettingsPanel", "linear"), 1), (QT_TRANSLATE_NOOP("SettingsPanel", "YaRN"), 2),
        (QT_TRANSLATE_NOOP("SettingsPanel", "LongRoPE"), 3))),
    FieldSpec("compress_pos_emb", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "Linear stretch (SuperHOT)"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "SuperHOT-style linear scaling: 2 reads twice the trained length. A stretch "
                                "of 4 is the same as a frequency scale of 0.25. Empty: off."),
              0, 64, 0.25, optional=True, empty_text=OFF_VALUE),
    FieldSpec("rope_freq_scale", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "Frequency scale"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "1 divided by the linear stretch; the linear stretch wins when both are set. Empty: the model's."),
        0, 1, 0.05, 4, optional=True),
    FieldSpec("rope_freq_base", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "Frequency base"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "RoPE base frequency. Raising it is 'NTK' scaling. Empty: the model's."), 0, 1e9, 1000, 1, optional=True),
    FieldSpec("ntk_alpha", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "NTK alpha"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "NTK-aware scaling: raises the frequency base by this factor (2.5 is about 2x context). Empty: off."),
        0, 100, 0.25, optional=True, empty_text=OFF_VALUE),
    FieldSpec("yarn_orig_ctx", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "YaRN original context"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "The context the model was trained with, for YaRN. Empty: the model's."), 0, 1048576, 256, optional=True),
    FieldSpec("yarn_ext_factor", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "YaRN extrapolation mix"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "YaRN extrapolation mix factor. Empty: the model's."), -1, 1, 0.05,
              optional=True),
    FieldSpec("yarn_attn_factor", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "YaRN attention factor"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "YaRN attention magnitude scale. Empty: the model's."), 0, 10, 0.05,
              optional=True),
    FieldSpec("yarn_beta_fast", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "YaRN beta fast"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "YaRN low correction dimension. Empty: the model's."), 0, 1000, 1, optional=True),
    FieldSpec("yarn_beta_slow", "load", G_ROPE, QT_TRANSLATE_NOOP("SettingsPanel", "YaRN beta slow"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "YaRN high correction dimension. Empty: the model's."), 0, 1000, 1, optional=True),

    FieldSpec("split_mode", "load", G_GPU, QT_TRANSLATE_NOOP("SettingsPanel", "Multi-GPU split"), "choice", QT_TRANSLATE_NOOP(
        "SettingsPanel", "With several GPUs: give each whole layers (layer), split each tensor by rows (row), or split "
        "tensors across GPUs (tensor, needs flash attention)."), choices=(
        (QT_TRANSLATE_NOOP("SettingsPanel", "single GPU"), 0), (QT_TRANSLATE_NOOP("SettingsPanel", "layer"), 1),
        (QT_TRANSLATE_NOOP("SettingsPanel", "row"), 2), (QT_TRANSLATE_NOOP("SettingsPanel", "tensor"), 3))),
    FieldSpec("main_gpu", "load", G_GPU, QT_TRANSLATE_NOOP("SettingsPanel", "Main GPU"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "The GPU that holds the model when there is no split, and the small shared buffers."), 0, 15),
    FieldSpec("tensor_split", "load", G_GPU, QT_TRANSLATE_NOOP("SettingsPanel", "Share per GPU"), "text", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Share of the model per GPU, e.g. '3, 1' puts three quarters on the first GPU. Empty: by free memory.")),
    FieldSpec("rpc_servers", "load", G_GPU, QT_TRANSLATE_NOOP("SettingsPanel", "Other computers' GPUs"), "text",
              QT_TRANSLATE_NOOP(
        "SettingsPanel", "llama.cpp rpc-servers on other computers, as host:port, separated by commas (e.g. "
        "192.168.1.20:50052). The model's layers are split across their GPUs and this computer's. Their devices come "
        "first in 'Share per GPU'. The link is neither encrypted nor authenticated: a trusted home network only.")),
    FieldSpec("offload_kqv", "load", G_GPU, QT_TRANSLATE_NOOP("SettingsPanel", "KV cache on GPU"), "bool", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Keep each GPU layer's part of the KV cache in VRAM (faster). Off keeps it in RAM to save VRAM.")),

    FieldSpec("type_k", "load", G_KV, QT_TRANSLATE_NOOP("SettingsPanel", "K cache type"), "choice", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Precision of the keys in the KV cache. q8_0 halves its memory with little loss; q4_0 quarters it."),
        choices=_KV),
    FieldSpec("type_v", "load", G_KV, QT_TRANSLATE_NOOP("SettingsPanel", "V cache type"), "choice", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Precision of the values in the KV cache. A quantized V cache needs flash attention."), choices=_KV),
    FieldSpec("flash_attn", "load", G_KV, QT_TRANSLATE_NOOP("SettingsPanel", "Flash attention"), "bool", QT_TRANSLATE_NOOP(
        "SettingsPanel", "A faster, leaner attention. Needed for a quantized V cache.")),

    FieldSpec("top_k", "sampler", G_SAMPLING, QT_TRANSLATE_NOOP("SettingsPanel", "Top K"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Only consider the K most likely tokens. 0: off."), 0, 1000),
    FieldSpec("top_p", "sampler", G_SAMPLING, QT_TRANSLATE_NOOP("SettingsPanel", "Top P"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Only consider the most likely tokens that together make up this probability. 1: off."), 0, 1, 0.01),
    FieldSpec("min_p", "sampler", G_SAMPLING, QT_TRANSLATE_NOOP("SettingsPanel", "Min P"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Drop tokens less likely than this share of the best one. 0.05 is a good start. 0: off."), 0, 1, 0.01),
    FieldSpec("typical_p", "sampler", G_SAMPLING, QT_TRANSLATE_NOOP("SettingsPanel", "Typical P"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Prefer tokens about as surprising as the text usually is (locally typical sampling). 1: off."),
        0, 1, 0.01),

    FieldSpec("repeat_penalty", "sampler", G_REPEAT, QT_TRANSLATE_NOOP("SettingsPanel", "Repetition penalty"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "Makes recently used tokens less likely. 1: off; 1.1 is mild."), 0.01, 3, 0.01),
    FieldSpec("repeat_last_n", "sampler", G_REPEAT, QT_TRANSLATE_NOOP("SettingsPanel", "Penalty range"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "How many recent tokens the penalties look at. -1: the whole context."), -1, 1048576,
        empty_text=WHOLE_VALUE),
    FieldSpec("frequency_penalty", "sampler", G_REPEAT, QT_TRANSLATE_NOOP("SettingsPanel", "Frequency penalty"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "Penalise tokens by how often they were used. 0: off."), -2, 2, 0.05),
    FieldSpec("presence_penalty", "sampler", G_REPEAT, QT_TRANSLATE_NOOP("SettingsPanel", "Presence penalty"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "Penalise tokens that were used at all. 0: off."), -2, 2, 0.05),

    FieldSpec("dry_multiplier", "sampler", G_DRY, QT_TRANSLATE_NOOP("SettingsPanel", "DRY strength"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "DRY stops the model repeating whole phrases. 0.8 is typical. 0: off."),
              0, 5, 0.05),
    FieldSpec("dry_base", "sampler", G_DRY, QT_TRANSLATE_NOOP("SettingsPanel", "DRY growth"), "float", QT_TRANSLATE_NOOP(
        "SettingsPanel", "How fast the DRY penalty grows with the length of the repeat."), 1, 4, 0.05),
    FieldSpec("dry_allowed_length", "sampler", G_DRY, QT_TRANSLATE_NOOP("SettingsPanel", "DRY allowed length"), "int",
              QT_TRANSLATE_NOOP("SettingsPanel", "Repeats up to this many tokens are not penalised."), 1, 100),
    FieldSpec("dry_last_n", "sampler", G_DRY, QT_TRANSLATE_NOOP("SettingsPanel", "DRY range"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "How many recent tokens DRY looks at. -1: the whole context."), -1, 1048576, empty_text=WHOLE_VALUE),
    FieldSpec("dry_breakers", "sampler", G_DRY, QT_TRANSLATE_NOOP("SettingsPanel", "DRY breakers"), "text", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Text that ends a repeat for DRY, separated by commas; \\n is a new line.")),

    FieldSpec("xtc_probability", "sampler", G_XTC, QT_TRANSLATE_NOOP("SettingsPanel", "XTC chance"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "Exclude Top Choices: how often the most likely tokens are skipped, for "
                                     "fresher prose. 0: off."), 0, 1, 0.05),
    FieldSpec("xtc_threshold", "sampler", G_XTC, QT_TRANSLATE_NOOP("SettingsPanel", "XTC threshold"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "Tokens above this probability can be skipped by XTC."), 0, 1, 0.01),

    FieldSpec("mirostat", "sampler", G_MIROSTAT, QT_TRANSLATE_NOOP("SettingsPanel", "Mirostat"), "choice", QT_TRANSLATE_NOOP(
        "SettingsPanel", "Keeps the text's surprise level steady instead of using Top K/P."), choices=(
        (QT_TRANSLATE_NOOP("SettingsPanel", "off"), 0), ("Mirostat", 1), ("Mirostat 2.0", 2))),
    FieldSpec("mirostat_tau", "sampler", G_MIROSTAT, QT_TRANSLATE_NOOP("SettingsPanel", "Mirostat target (tau)"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "Target surprise. Lower is more focused."), 0, 20, 0.1),
    FieldSpec("mirostat_eta", "sampler", G_MIROSTAT, QT_TRANSLATE_NOOP("SettingsPanel", "Mirostat speed (eta)"), "float",
              QT_TRANSLATE_NOOP("SettingsPanel", "How fast Mirostat adapts."), 0, 1, 0.01),

    FieldSpec("seed", "sampler", G_REPLY, QT_TRANSLATE_NOOP("SettingsPanel", "Reply seed"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "The same seed and settings give the same reply. -1: a new random seed every time."), -1, 4294967294,
        empty_text=RANDOM_VALUE),
    FieldSpec("ignore_eos", "sampler", G_REPLY, QT_TRANSLATE_NOOP("SettingsPanel", "Never stop on its own"), "bool",
              QT_TRANSLATE_NOOP("SettingsPanel", "Ignore the model's end-of-reply token, for endless stories. Stop it with Esc.")),
    FieldSpec("stop", "sampler", G_REPLY, QT_TRANSLATE_NOOP("SettingsPanel", "Stop strings"), "text", QT_TRANSLATE_NOOP(
        "SettingsPanel", "The reply ends when one of these appears, separated by commas; \\n is a new line.")),
    FieldSpec("lookup_draft", "sampler", G_REPLY, QT_TRANSLATE_NOOP("SettingsPanel", "Guess ahead"), "int",
              QT_TRANSLATE_NOOP("SettingsPanel", "Prompt lookup: up to this many next tokens are guessed from the chat "
                                "itself and checked in one step, so text that reuses names, phrases or a story being "
                                "continued comes faster. The model still picks every token. Needs flash attention; 8 is "
                                "a good start. 0: off."), 0, 32, empty_text=OFF_VALUE),

    FieldSpec("draft_model_path", "load", G_DRAFT, QT_TRANSLATE_NOOP("SettingsPanel", "Draft model"), "model",
              QT_TRANSLATE_NOOP("SettingsPanel", "A small model of the same family (the same vocabulary) that writes a "
                                "few tokens ahead; the model checks them in one step and keeps those it would have "
                                "written itself, so replies come faster and read the same. It loads beside the model "
                                "and takes memory of its own. Needs flash attention. Models in the models folder are "
                                "listed.")),
    FieldSpec("draft_max", "load", G_DRAFT, QT_TRANSLATE_NOOP("SettingsPanel", "Draft tokens"), "int", QT_TRANSLATE_NOOP(
        "SettingsPanel", "How many tokens the draft model writes ahead each time. More pays when it is usually right."),
        1, 32),
    FieldSpec("draft_gpu_layers", "load", G_DRAFT, QT_TRANSLATE_NOOP("SettingsPanel", "Draft GPU layers"), "int",
              QT_TRANSLATE_NOOP("SettingsPanel", "How many of the draft model's layers run on the GPU. -1: all."),
              -1, 1000, empty_text=QT_TRANSLATE_NOOP("SettingsPanel", "all")),

    FieldSpec("context_shift", "load", G_SHIFT, QT_TRANSLATE_NOOP("SettingsPanel", "Shift when full"), "bool", QT_TRANSLATE_NOOP(
        "SettingsPanel", "When the context is full, drop the oldest messages from the cache and slide the rest along, so "
        "nothing is processed again. The system prompt always stays. Off: drop and re-process.")),
)

# Labels for the names a message may carry that are not fields of the panel.
OTHER_LABELS = {"model_path": QT_TRANSLATE_NOOP("SettingsPanel", "Model file"),
                "logit_bias": QT_TRANSLATE_NOOP("SettingsPanel", "Token bias")}


def spec_of(key: str, target: str = "load") -> FieldSpec:
    """The field `key` of `target` (raises KeyError for a name the panel does not show)."""
    for spec in FIELDS:
        if spec.key == key and spec.target == target:
            return spec
    raise KeyError(f"{target}.{key}")


def split_list(text: str) -> list[str]:
    """'a, b\\nc' -> ['a', 'b\\nc']: comma separated, with \\n meaning a new line."""
    return [part.strip().replace("\\n", "\n") for part in text.split(",") if part.strip()]


def join_list(items: list[str]) -> str:
    return ", ".join(item.replace("\n", "\\n") for item in items)

"""Finding, sizing and downloading models from a Hugging Face hub: huggingface_hub against a loopback
server that answers like the hub (tests/fake_hub.py), files made from the sample model."""

from __future__ import annotations

import hashlib
import struct
import time
from pathlib import Path

import pytest
from fake_hub import SAMPLE_REPO, TOKEN, FakeHub, FakeRepo

from desktop.engine import Engine, LoadConfig, ModelFileError, SamplerSettings, read_model_facts
from desktop.hub.client import HubClient, HubError, card_summary
from desktop.hub.download import DownloadCancelled, DownloadDamaged, DownloadError, DownloadSpec, run_download
from desktop.hub.files import RemoteFile, group_gguf, quant_of
from desktop.hub.remote_header import read_remote_facts
from desktop.monitor.fit import auto_fit, fit_verdict, usable_context
from desktop.monitor.shape import ModelShape

SAMPLE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SPLIT_FIRST = "SmolLM2-135M-Instruct.Q4_1-split-00001-of-00003.gguf"
GIB = 1024 ** 3


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry_named(client: HubClient, name: str, repo: str = SAMPLE_REPO):
    details = client.repo(repo)
    return details, next(e for e in details.entries if e.name == name)


def spec_for(client: HubClient, name: str, dest: Path, repo: str = SAMPLE_REPO) -> DownloadSpec:
    details, entry = entry_named(client, name, repo)
    return DownloadSpec(repo, details.revision, list(entry.parts), str(dest), entry.quant)


def test_quantization_and_split_parts_are_read_from_names() -> None:
    assert quant_of("Meta-Llama-3-8B-Instruct-Q4_K_M.gguf") == "Q4_K_M"
    assert quant_of("model.iq4_xs-00002-of-00003.gguf") == "IQ4_XS"
    assert quant_of("Qwen3-30B-A3B-UD-Q4_K_XL.gguf") == "Q4_K_XL"
    assert quant_of("gemma-3-4b-it-BF16.gguf") == "BF16"
    assert quant_of("tinyllama.gguf") == "other"
    files = [RemoteFile(n, s, "") for n, s in [
        ("big-Q8_0-00001-of-00002.gguf", 10), ("big-Q8_0-00002-of-00002.gguf", 5), ("m-Q2_K.gguf", 3),
        ("half-Q4_K_M-00002-of-00002.gguf", 4), ("mmproj-model-f16.gguf", 2), ("README.md", 1),
        ("Q5_K_M/m-Q5_K_M-00001-of-00002.gguf", 6), ("Q5_K_M/m-Q5_K_M-00002-of-00002.gguf", 6)]]
    entries = group_gguf(files)
    assert [(e.name, e.quant, e.size, len(e.parts)) for e in entries] == [
        ("m-Q2_K.gguf", "Q2_K", 3, 1),
        ("half-Q4_K_M-00001-of-00002.gguf", "Q4_K_M", 4, 1),
        ("Q5_K_M/m-Q5_K_M-00001-of-00002.gguf", "Q5_K_M", 12, 2),
        ("big-Q8_0-00001-of-00002.gguf", "Q8_0", 15, 2),
    ]  # smallest quantization first; the projector and the README are not models
    assert not entries[1].complete and entries[1].missing == ("half-Q4_K_M-00001-of-00002.gguf",)
    assert entries[3].complete


def test_card_summary_skips_front_matter_headings_and_markup() -> None:
    card = "---\nlicense: mit\n---\n# Title\n\n![img](x.png)\n\n| a | b |\n\nA **small** model, see [the paper](http://x).\nMore.\n\nNext."
    assert card_summary(card) == "A small model, see the paper. More."


def test_search_sorts_and_shows_license_and_gating(hub: FakeHub) -> None:
    client = HubClient()
    found = client.search("fireside")
    assert [r.repo_id for r in found] == [SAMPLE_REPO, "fireside-test/Gated-Model-GGUF",
                                          "fireside-test/Broken-Checksum-GGUF"]
    assert found[0].license == "apache-2.0" and found[0].downloads == 5000 and not found[0].gated
    assert found[1].gated and found[1].license == "llama3"
    assert client.search("", sort="last_modified")[0].repo_id == "fireside-test/Broken-Checksum-GGUF"
    assert client.search("no such model") == []
    query = next(path for method, path, _ in hub.requests if path == "/api/models")
    assert query  # the search went to the hub's own route


def test_repo_lists_models_with_sizes_checksums_and_split_parts(hub: FakeHub, hub_repos: list) -> None:
    details = HubClient().repo(SAMPLE_REPO)
    assert details.license == "apache-2.0" and details.summary.startswith("SmolLM2 is a family")
    files = hub_repos[0].files
    by_name = {e.name: e for e in details.entries}
    assert set(by_name) == {SAMPLE, SPLIT_FIRST}
    split = by_name[SPLIT_FIRST]
    assert len(split.parts) == 3 and split.complete and split.quant == "Q4_1"
    assert split.size == sum(files[p.filename].stat().st_size for p in split.parts)
    assert by_name[SAMPLE].first.sha256 == sha256(files[SAMPLE])


def test_remote_header_reads_only_the_first_megabytes_and_matches_the_local_file(hub: FakeHub, sample_model: str) -> None:
    client = HubClient()
    details, entry = entry_named(client, SAMPLE)
    hub.reset_counts()
    remote = read_remote_facts(client, SAMPLE_REPO, details.revision, entry)
    local = read_model_facts(sample_model)
    assert remote.facts.tensors == local.tensors and remote.facts.n_ctx_train == local.n_ctx_train == 8192
    assert remote.facts.n_layers == 30 and remote.facts.file_size == local.file_size
    served = hub.served(SAMPLE)
    assert served == remote.bytes_read < 4 * 1024 * 1024 < local.file_size  # the header, not the model
    assert all(rng.startswith("bytes=") for _m, path, rng in hub.requests if path.endswith(SAMPLE))


def test_remote_header_of_a_split_model_covers_every_part(hub: FakeHub, sample_model: str) -> None:
    client = HubClient()
    details, entry = entry_named(client, SPLIT_FIRST)
    hub.reset_counts()
    remote = read_remote_facts(client, SAMPLE_REPO, details.revision, entry)
    local = read_model_facts(sample_model)
    assert sorted(map(repr, remote.facts.tensors)) == sorted(map(repr, local.tensors))
    assert remote.facts.n_params == local.n_params
    assert sum(hub.bytes_served.values()) == remote.bytes_read < 4 * 1024 * 1024
    assert len(hub.bytes_served) == 3


def test_fit_badge_from_a_remote_header(hub: FakeHub, sample_model: str) -> None:
    client = HubClient()
    details, entry = entry_named(client, SAMPLE)
    facts = read_remote_facts(client, SAMPLE_REPO, details.revision, entry).facts
    remote_shape, local_shape = ModelShape.from_facts(facts), ModelShape.from_facts(read_model_facts(sample_model))
    config = LoadConfig("", n_ctx=8192)
    limit = usable_context(facts.n_ctx_train, config)
    for gpus, ram in (([], 16 * GIB), ([8 * GIB], 16 * GIB), ([GIB // 2], 16 * GIB)):
        assert fit_verdict(remote_shape, config, gpus, ram) == fit_verdict(local_shape, config, gpus, ram)
    big_gpu = auto_fit(remote_shape, config, [8 * GIB], 16 * GIB, limit)
    assert big_gpu.all_on_gpu and big_gpu.gpu_layers == 31 and big_gpu.n_ctx == 8192
    cpu = auto_fit(remote_shape, config, [], 16 * GIB, limit)
    assert cpu.gpu_layers == 0 and cpu.n_ctx == 8192
    tiny_ram = auto_fit(remote_shape, config, [], 50 * 1024 * 1024, limit)
    assert tiny_ram.n_ctx == 0  # 50 MB of RAM holds not even the weights
    assert fit_verdict(remote_shape, config, [], 50 * 1024 * 1024).state == "does not fit"


def test_download_dropped_halfway_resumes_and_is_checked(hub: FakeHub, tmp_path: Path, hub_repos: list) -> None:
    client = HubClient()
    spec = spec_for(client, SAMPLE, tmp_path)
    size = spec.size
    hub.reset_counts()
    hub.drop_after[SAMPLE] = size // 2
    phases: list[str] = []
    path = run_download(spec, client, lambda p: phases.append(p.phase), lambda: False)
    assert path == tmp_path / SAMPLE and sha256(path) == sha256(hub_repos[0].files[SAMPLE])
    ranges = [rng for method, p, rng in hub.requests if p.endswith(SAMPLE) and method == "GET"]
    assert len(ranges) == 2 and ranges[0] == "" and ranges[1].startswith("bytes=")
    resumed_from = int(ranges[1].removeprefix("bytes=").rstrip("-"))
    assert 0 < resumed_from <= size // 2
    assert hub.served(SAMPLE) < size * 1.2  # the second request asked only for the rest
    assert "verify" in phases and not spec.partial(spec.files[0]).exists()


def test_cancelled_download_resumes_from_its_part_file_in_a_new_run(hub: FakeHub, tmp_path: Path) -> None:
    client = HubClient()
    spec = spec_for(client, SAMPLE, tmp_path)
    seen = [0]

    def report(p) -> None:
        seen[0] = p.done

    with pytest.raises(DownloadCancelled):
        run_download(spec, client, report, lambda: seen[0] > 40_000_000)
    part = spec.partial(spec.files[0])
    kept = part.stat().st_size
    assert 0 < kept < spec.size and not spec.target(spec.files[0]).exists()
    assert spec.bytes_on_disk() == kept
    # a new process: the spec comes back from its saved form
    again = DownloadSpec.from_dict(spec.to_dict())
    # The hub's handler may still be writing the cancelled response's tail (the client has closed it):
    # count the new run's bytes only once that has stopped.
    settled = -1
    while settled != hub.served(SAMPLE):
        settled = hub.served(SAMPLE)
        time.sleep(0.3)
    hub.reset_counts()
    path = run_download(again, HubClient(), lambda p: None, lambda: False)
    assert hub.served(SAMPLE) == spec.size - kept
    assert path.stat().st_size == spec.size and not part.exists()


def test_damaged_download_is_refused_and_removed(hub: FakeHub, tmp_path: Path) -> None:
    client = HubClient()
    spec = spec_for(client, SAMPLE, tmp_path, repo="fireside-test/Broken-Checksum-GGUF")
    with pytest.raises(DownloadDamaged, match="SHA-256"):
        run_download(spec, client, lambda p: None, lambda: False)
    assert list(tmp_path.iterdir()) == []  # neither the model nor its .part


def test_not_enough_disk_space_is_said_before_downloading(hub: FakeHub, tmp_path: Path) -> None:
    client = HubClient()
    spec = spec_for(client, SAMPLE, tmp_path)
    hub.reset_counts()
    with pytest.raises(DownloadError, match="Not enough free disk space.*98 MB more"):
        run_download(spec, client, lambda p: None, lambda: False, free_space=lambda _d: 50 * 1000 * 1000)
    assert hub.served(SAMPLE) == 0 and list(tmp_path.iterdir()) == []


def test_disk_full_while_writing_keeps_the_part(hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import desktop.hub.download as download

    client = HubClient()
    spec = spec_for(client, SAMPLE, tmp_path)
    real_open = Path.open

    class FillingFile:
        """A file on a disk that fills up after 20 MB."""

        def __init__(self, fh) -> None:
            self.fh = fh

        def write(self, data: bytes) -> int:
            if self.fh.tell() + len(data) > 20_000_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.fh.write(data)

        def __getattr__(self, name: str):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.fh.close()

    def open_(self: Path, mode: str = "r", *args, **kwargs):
        fh = real_open(self, mode, *args, **kwargs)
        return FillingFile(fh) if self.suffix == download.PART_SUFFIX and "a" in mode else fh

    monkeypatch.setattr(Path, "open", open_)
    with pytest.raises(DownloadError, match="The disk is full"):
        run_download(spec, client, lambda p: None, lambda: False)
    assert 0 < spec.partial(spec.files[0]).stat().st_size <= 20_000_000


def test_gated_repo_says_to_use_a_token(hub: FakeHub) -> None:
    with pytest.raises(HubError) as info:
        HubClient().repo("fireside-test/Gated-Model-GGUF")
    assert info.value.kind == "gated" and "token" in str(info.value) and "Traceback" not in str(info.value)
    assert HubClient(token=TOKEN).repo("fireside-test/Gated-Model-GGUF").entries[0].name == SAMPLE
    with pytest.raises(HubError) as missing:
        HubClient().repo("someone/does-not-exist")
    assert missing.value.kind == "not found"


def test_server_gone_mid_search_and_mid_download(hub: FakeHub, tmp_path: Path) -> None:
    client = HubClient()
    spec = spec_for(client, SAMPLE, tmp_path)
    hub.hang_up_on.add("/api/models")
    with pytest.raises(HubError) as info:
        client.search("smol")  # huggingface_hub retries a few times first
    assert info.value.kind == "offline" and hub.endpoint in str(info.value)
    hub.bytes_per_s = 20e6
    seen = [0]

    def report(p) -> None:
        seen[0] = p.done
        if p.done > 10_000_000:
            hub.close()

    with pytest.raises(DownloadError, match="resume"):
        run_download(spec, client, report, lambda: False)
    assert spec.partial(spec.files[0]).stat().st_size > 0  # kept for the next try


def test_downloaded_split_model_loads_in_llama_cpp(hub: FakeHub, tmp_path: Path, sample_model: str) -> None:
    client = HubClient()
    spec = spec_for(client, SPLIT_FIRST, tmp_path)
    path = run_download(spec, client, lambda p: None, lambda: False)
    assert path.name == SPLIT_FIRST and len(list(tmp_path.glob("*.gguf"))) == 3
    facts = read_model_facts(str(path))
    assert facts.n_params == read_model_facts(sample_model).n_params
    with pytest.raises(ModelFileError, match="open its first part"):
        read_model_facts(str(tmp_path / SPLIT_FIRST.replace("00001-of", "00002-of")))
    replies = []
    for model in (str(path), sample_model):
        engine = Engine.load(LoadConfig(model, n_ctx=512, n_threads=2))
        try:
            chat = engine.new_chat("You answer in one sentence.")
            replies.append(chat.send("Name a colour of the sky.", SamplerSettings(max_tokens=16, temperature=0)).run())
        finally:
            engine.close()
    assert replies[0] == replies[1] and replies[0].strip()  # the split model is the same model


def test_a_file_in_the_hugging_face_cache_is_copied_not_downloaded(hub: FakeHub, tmp_path: Path,
                                                                    sample_model: str) -> None:
    import huggingface_hub.constants

    client = HubClient()
    spec = spec_for(client, SAMPLE, tmp_path / "models")
    snapshot = Path(huggingface_hub.constants.HF_HUB_CACHE) / "models--fireside-test--SmolLM2-135M-Instruct-GGUF" / \
        "snapshots" / spec.revision
    snapshot.mkdir(parents=True)
    (snapshot / SAMPLE).write_bytes(Path(sample_model).read_bytes())
    hub.reset_counts()
    phases: set[str] = set()
    path = run_download(spec, client, lambda p: phases.add(p.phase), lambda: False)
    assert hub.served(SAMPLE) == 0 and phases == {"copy", "verify"}
    assert sha256(path) == sha256(Path(sample_model))


def test_hostile_header_is_refused_without_reading_the_file(hub: FakeHub, tmp_path: Path) -> None:
    bad = tmp_path / "huge-string-Q4_0.gguf"
    # a key whose length says 2^40 bytes: the reader would need more than the whole file
    bad.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 1 << 40) + b"x" * 5_000_000)
    hub.repos["evil/header"] = FakeRepo("evil/header", {bad.name: bad})
    client = HubClient()
    details = client.repo("evil/header")
    hub.reset_counts()
    with pytest.raises(ModelFileError, match="runs past the end"):
        read_remote_facts(client, "evil/header", details.revision, details.entries[0])
    assert hub.served(bad.name) <= 2 * 1024 * 1024


def test_a_header_longer_than_the_first_read_is_read_in_growing_steps(hub: FakeHub, tmp_path: Path) -> None:
    import numpy as np
    from gguf import GGUFWriter

    path = tmp_path / "big-vocab-F32.gguf"
    writer = GGUFWriter(path, "llama")
    writer.add_token_list([f"token-{i:06d}-" + "x" * 20 for i in range(150_000)])  # about 5.6 MB of header
    writer.add_context_length(4096)
    writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.add_tensor("filler", np.zeros(4_000_000, dtype=np.float32))  # 16 MB of data after the header
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    hub.repos["big/vocab"] = FakeRepo("big/vocab", {path.name: path})
    client = HubClient()
    details = client.repo("big/vocab")
    hub.reset_counts()
    remote = read_remote_facts(client, "big/vocab", details.revision, details.entries[0])
    assert remote.requests == 2 and remote.bytes_read == 8 * 1024 * 1024 == hub.served(path.name)
    assert remote.facts.n_ctx_train == 4096 and [t.name for t in remote.facts.tensors] == ["token_embd.weight", "filler"]
    assert remote.facts.file_size == path.stat().st_size > 20_000_000


def test_a_different_file_with_the_same_name_is_not_taken_for_the_download(hub: FakeHub, tmp_path: Path,
                                                                           sample_model: str) -> None:
    client = HubClient()
    spec = spec_for(client, SAMPLE, tmp_path)
    same_size = tmp_path / SAMPLE
    with same_size.open("wb") as fh:
        fh.truncate(spec.size)  # the right size, other bytes
    with pytest.raises(DownloadError, match="already exists and is a different file"):
        run_download(spec, client, lambda p: None, lambda: False)
    same_size.write_bytes(Path(sample_model).read_bytes())  # the same file: nothing to download
    hub.reset_counts()
    assert run_download(spec, client, lambda p: None, lambda: False) == same_size and hub.served(SAMPLE) == 0

"""docs/screenshots/get_models.png: File > Get models against a loopback hub (tests/fake_hub.py) serving
the sample model whole and split: search, the fit checked from the remote header, a download under way.
Then docs/screenshots/welcome.png: the welcome view listing the downloaded split model and the sample.

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/get_models_shot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from shot_window import OUT, open_window

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from fake_hub import FakeHub, sample_repos  # noqa: E402

from desktop.models import fetch_sample  # noqa: E402

hub = FakeHub(sample_repos(str(fetch_sample()), Path(tempfile.mkdtemp(prefix="fireside-hub-"))))
hub.bytes_per_s = 6e6  # slow enough to photograph the progress
os.environ["HF_ENDPOINT"] = hub.endpoint
os.environ["FIRESIDE_MODELS_DIR"] = tempfile.mkdtemp(prefix="fireside-models-")

app, window, wait = open_window({"n_ctx": 4096})
browser = window.models.open_model_browser()
browser.resize(1100, 700)
browser.query.setText("SmolLM2")
browser.search()
wait(lambda: browser.results.count() > 0, 60)
browser.results.setCurrentRow(0)
wait(lambda: browser.files.topLevelItemCount() > 0, 60)
group = browser.files.topLevelItem(0)
browser.files.setCurrentItem(group.child(0))  # the split model: three parts
wait(lambda: browser.download_button.isEnabled(), 60)
browser.download()
wait(lambda: "left" in browser.downloads.line.text(), 60)
wait(lambda: False, 3)
browser.grab().save(str(OUT / "get_models.png"))
hub.bytes_per_s = 0
wait(lambda: browser.downloads.load_button.isEnabled(), 120)
browser.hide()
window.controller.load_model(str(fetch_sample()))  # the sample is "recent": it gets a last-used time
wait(lambda: bool(window.controller.model_info), 120)
window.show_welcome()
wait(lambda: False, 1)
window.grab().save(str(OUT / "welcome.png"))
print("saved", OUT / "get_models.png", OUT / "welcome.png")
window.close()
hub.close()

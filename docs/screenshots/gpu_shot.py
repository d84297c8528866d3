"""docs/screenshots/gpu_memory.png and gpu_fit.png: the sample model on a real Vulkan device (lavapipe) in
the environment packaging/vulkan_env.sh builds: the memory panel's VRAM graph from llama.cpp's backend,
then the fit badge at 8k context saying where attention runs (lavapipe's 128 MiB tensor limit).

    GGML_VK_VISIBLE_DEVICES=0 xvfb-run -a -s "-screen 0 1400x1200x24" env QT_QPA_PLATFORM=xcb \\
        .venv-vulkan/bin/python docs/screenshots/gpu_shot.py
"""

from __future__ import annotations

from shot_window import OUT, open_window

app, window, wait = open_window({"n_ctx": 4096, "n_gpu_layers": 31})
window.resize(1280, 1150)  # room for the GPU graph under the RAM one
window.memory_dock.raise_()
wait(lambda: False, 4)  # a few samples on the graphs
window.grab().save(str(OUT / "gpu_memory.png"))
window.settings_dock.raise_()
panel = window.settings
panel.widget("n_ctx").setValue(8192)
wait(lambda: window.settings.badge.isVisible() and "attention" in window.settings.badge.label.text(), 30)
wait(lambda: False, 1)
window.grab().save(str(OUT / "gpu_fit.png"))
print("saved", OUT / "gpu_memory.png", OUT / "gpu_fit.png", "|", window.settings.badge.label.text())
window.close()

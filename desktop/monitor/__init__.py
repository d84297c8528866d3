"""Memory: live GPU (NVML) and RAM (psutil) sampling, and the planner that predicts a load's sizes."""

"""The largest tensor a Vulkan device lets ggml's shaders address (`maxStorageBufferRange`).

ggml-vulkan refuses an op whose input or output is over that size unless the device has
VK_EXT_shader_64bit_indexing (ggml_backend_vk_device_supports_op); the scheduler then runs it on
the CPU. Without flash attention the KQ matrix (context x micro-batch x heads, f32) is such a
tensor: on lavapipe (limit 128 MiB) attention moves to the CPU from 8k context with a 9-head model.
The memory planner needs the limit to put that compute buffer on the right side.

Read with ctypes from the Vulkan loader (vkCreateInstance, vkEnumeratePhysicalDevices,
vkGetPhysicalDeviceProperties, vkEnumerateDeviceExtensionProperties); keyed by device name, which is
what ggml reports as the device description.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
from functools import lru_cache

log = logging.getLogger("fireside.engine")

_INSTANCE_CREATE_INFO = 1  # VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO
_PROPERTIES_SIZE = 1024  # sizeof(VkPhysicalDeviceProperties) is 824 on every ABI
_NAME_OFFSET = 20  # after apiVersion, driverVersion, vendorID, deviceID, deviceType
_NAME_SIZE = 256
_LIMITS_OFFSET = 296  # name, then pipelineCacheUUID[16], aligned to 8 (the limits hold 64-bit fields)
_MAX_STORAGE_BUFFER_RANGE = _LIMITS_OFFSET + 7 * 4  # the 8th uint32 of VkPhysicalDeviceLimits
_EXTENSION_SIZE = 260  # VkExtensionProperties: char[256] name, uint32 specVersion
UNLIMITED_EXTENSION = b"VK_EXT_shader_64bit_indexing"


class _InstanceCreateInfo(ctypes.Structure):
    _fields_ = [("sType", ctypes.c_uint32), ("pNext", ctypes.c_void_p), ("flags", ctypes.c_uint32),
                ("pApplicationInfo", ctypes.c_void_p), ("enabledLayerCount", ctypes.c_uint32),
                ("ppEnabledLayerNames", ctypes.c_void_p), ("enabledExtensionCount", ctypes.c_uint32),
                ("ppEnabledExtensionNames", ctypes.c_void_p)]


def _loader() -> ctypes.CDLL | None:
    names = ["vulkan-1.dll"] if sys.platform == "win32" else ["libvulkan.so.1", "libvulkan.1.dylib",
                                                               ctypes.util.find_library("vulkan") or ""]
    for name in filter(None, names):
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _has_extension(vk: ctypes.CDLL, device: ctypes.c_void_p, wanted: bytes) -> bool:
    count = ctypes.c_uint32(0)
    if vk.vkEnumerateDeviceExtensionProperties(device, None, ctypes.byref(count), None) != 0:
        return False
    table = ctypes.create_string_buffer(_EXTENSION_SIZE * count.value)
    if vk.vkEnumerateDeviceExtensionProperties(device, None, ctypes.byref(count), table) != 0:
        return False
    names = (table.raw[i * _EXTENSION_SIZE:i * _EXTENSION_SIZE + 256].split(b"\0", 1)[0] for i in range(count.value))
    return wanted in names


@lru_cache(maxsize=1)
def storage_limits() -> dict[str, int]:
    """Device name -> the largest tensor its shaders can address, for each Vulkan device that has a
    limit; {} where there is no Vulkan loader or no device. Cached: the devices do not change."""
    vk = _loader()
    if vk is None:
        return {}
    vk.vkCreateInstance.argtypes = [ctypes.POINTER(_InstanceCreateInfo), ctypes.c_void_p,
                                    ctypes.POINTER(ctypes.c_void_p)]
    vk.vkEnumeratePhysicalDevices.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32), ctypes.c_void_p]
    vk.vkGetPhysicalDeviceProperties.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    vk.vkGetPhysicalDeviceProperties.restype = None
    vk.vkEnumerateDeviceExtensionProperties.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                                        ctypes.POINTER(ctypes.c_uint32), ctypes.c_void_p]
    vk.vkDestroyInstance.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    vk.vkDestroyInstance.restype = None
    instance = ctypes.c_void_p()
    info = _InstanceCreateInfo(sType=_INSTANCE_CREATE_INFO)
    if vk.vkCreateInstance(ctypes.byref(info), None, ctypes.byref(instance)) != 0:
        log.info("Vulkan: no instance (no driver?); no device limits")
        return {}
    try:
        count = ctypes.c_uint32(0)
        vk.vkEnumeratePhysicalDevices(instance, ctypes.byref(count), None)
        handles = (ctypes.c_void_p * count.value)()
        vk.vkEnumeratePhysicalDevices(instance, ctypes.byref(count), handles)
        limits = {}
        for handle in handles[: count.value]:
            props = ctypes.create_string_buffer(_PROPERTIES_SIZE)
            vk.vkGetPhysicalDeviceProperties(ctypes.c_void_p(handle), props)
            name = props.raw[_NAME_OFFSET:_NAME_OFFSET + _NAME_SIZE].split(b"\0", 1)[0].decode(errors="replace")
            if _has_extension(vk, ctypes.c_void_p(handle), UNLIMITED_EXTENSION):
                continue
            limits[name] = int.from_bytes(props.raw[_MAX_STORAGE_BUFFER_RANGE:_MAX_STORAGE_BUFFER_RANGE + 4],
                                          "little")
        return limits
    finally:
        vk.vkDestroyInstance(instance, None)

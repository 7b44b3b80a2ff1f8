"""Opens an HTML page in headless Chromium without network and reports what the browser saw, as JSON.

Chromium runs in a new, empty network namespace (unshare --net) and is driven over the DevTools protocol on
a pipe (--remote-debugging-pipe), so the check itself needs no socket. Output: console errors, every request
the page made besides its own document, the zone ids and text of the inline SVG as parsed, and how varied the
screenshot's pixels are.
"""

import argparse
import base64
import fcntl
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time

from PIL import Image


class DevTools:
    def __init__(self, process, to_browser, from_browser):
        self.process = process
        self.to_browser = to_browser
        self.from_browser = from_browser
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for reply in self.read(deadline):
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply.get("result", {})

    def read(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("Chromium did not answer in time")
        ready, _, _ = select.select([self.from_browser], [], [], remaining)
        if not ready:
            raise TimeoutError("Chromium did not answer in time")
        chunk = os.read(self.from_browser, 1 << 20)
        if not chunk:
            raise RuntimeError("Chromium closed the DevTools pipe")
        self.buffer += chunk
        messages = []
        while b"\0" in self.buffer:
            raw, self.buffer = self.buffer.split(b"\0", 1)
            message = json.loads(raw)
            if "method" in message:
                self.events.append(message)
            messages.append(message)
        return messages

    def wait_for(self, method, timeout=30):
        deadline = time.monotonic() + timeout
        while not any(event["method"] == method for event in self.events):
            self.read(deadline)


def launch(chromium, profile, width, height):
    browser_reads, we_write = os.pipe()
    we_read, browser_writes = os.pipe()

    def give_pipes_to_chromium():
        # Chromium reads commands on fd 3 and writes replies on fd 4; move the ends above 4 first so that
        # neither is overwritten, and let dup2 make the copies survive exec.
        reads = fcntl.fcntl(browser_reads, fcntl.F_DUPFD, 10)
        writes = fcntl.fcntl(browser_writes, fcntl.F_DUPFD, 10)
        os.dup2(reads, 3)
        os.dup2(writes, 4)

    command = [
        "unshare", "--net", "--", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
        f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
        "--hide-scrollbars", "--mute-audio", f"--window-size={width},{height}", "about:blank",
    ]
    process = subprocess.Popen(command, preexec_fn=give_pipes_to_chromium, close_fds=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(browser_reads)
    os.close(browser_writes)
    return DevTools(process, we_write, we_read)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chromium", required=True)
    parser.add_argument("--page", required=True)
    parser.add_argument("--screenshot", required=True)
    arguments = parser.parse_args()
    page_url = pathlib.Path(arguments.page).resolve().as_uri()
    profile = tempfile.mkdtemp(prefix=f"zonectl-chromium-{os.getpid()}-")
    tools = launch(arguments.chromium, profile, 1280, 1800)
    try:
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ["Runtime", "Log", "Network", "Page"]:
            tools.send(f"{domain}.enable", session=session)
        tools.send("Network.emulateNetworkConditions",
                   {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}, session=session)
        tools.events.clear()
        tools.send("Page.navigate", {"url": page_url}, session=session)
        tools.wait_for("Page.loadEventFired")
        probe = tools.send("Runtime.evaluate", {"returnByValue": True, "expression": """JSON.stringify({
            ids: [...document.querySelectorAll('svg [data-zone]')].map(e => e.getAttribute('data-zone')),
            text: [...document.querySelectorAll('svg text')].map(t => t.textContent).join(' | '),
            title: document.title})"""}, session=session)
        seen = json.loads(probe["result"]["value"])
        shot = tools.send("Page.captureScreenshot", {"format": "png"}, session=session)
        pathlib.Path(arguments.screenshot).write_bytes(base64.b64decode(shot["data"]))
        tools.send("Browser.close")
    finally:
        try:
            tools.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            tools.process.kill()
            tools.process.wait()
        shutil.rmtree(profile, ignore_errors=True)

    console_errors = []
    requests = []
    for event in tools.events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            console_errors.append(" ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            console_errors.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
            console_errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent" and params["request"]["url"] != page_url:
            requests.append(params["request"]["url"])

    image = Image.open(arguments.screenshot).convert("RGB")
    pixels = image.width * image.height
    colors = image.getcolors(maxcolors=pixels) or []
    non_white = sum(count for count, color in colors if color != (255, 255, 255))
    json.dump({
        "loaded": any(event["method"] == "Page.loadEventFired" for event in tools.events),
        "console_errors": console_errors,
        "requests": requests,
        "svg_zone_ids": seen["ids"],
        "svg_text": seen["text"],
        "title": seen["title"],
        "colors": len(colors),
        "non_white_fraction": non_white / pixels,
        "size": [image.width, image.height],
    }, sys.stdout)


if __name__ == "__main__":
    main()

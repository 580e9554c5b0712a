#!/usr/bin/env python3
"""Benchmarks of the published bootstrap on this machine: init time, setup overhead, memory, size, concurrency.

Every figure comes from real processes: bootstrap and a Native AOT baseline started as Lambda starts them
(against a fake Runtime API in this process, which timestamps their first request), and bootstrap's `replay`
verb against a local Studio sandbox in front of real Jupyter servers. Prints one table of medians, each next
to its target and to the baseline measured in the same run. Run through `make bench`.
"""
import http.server
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile

import boto3

REPO = pathlib.Path(__file__).resolve().parent.parent
BOOTSTRAP = REPO / "artifacts/publish/linux-x64/bootstrap"
BASELINE = REPO / "artifacts/bench/baseline/InitBaseline"
SANDBOX_DLL = REPO / "src/StudioSandbox/bin/Release/net10.0/StudioSandbox.dll"
DOMAIN = "d-sandbox00001"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "AKIASANDBOXEXAMPLE01",
    "AWS_SECRET_ACCESS_KEY": "sandbox/secret/key/example/not/a/real/secret",
    "AWS_REGION": "us-east-1",
}
INIT_RUNS = 20
RUNS = 5
CONCURRENT_USERS = 20
STEPS = 20


class FirstNext(http.server.BaseHTTPRequestHandler):
    """A Runtime API that only notes when GET /next arrives and answers 500, which ends the runtime."""

    arrivals = []

    def do_GET(self):
        FirstNext.arrivals.append(time.monotonic_ns())
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def init_ms(executable, address):
    """Milliseconds from exec to the first GET /next, median over INIT_RUNS starts."""
    samples = []
    env = {"AWS_LAMBDA_RUNTIME_API": address, "AUTO_INSTALLER_DOMAIN_IDS": DOMAIN, "PATH": "/usr/bin:/bin", **CREDENTIALS}
    for _ in range(INIT_RUNS):
        FirstNext.arrivals.clear()
        started = time.monotonic_ns()
        subprocess.run([str(executable)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
        samples.append((FirstNext.arrivals[0] - started) / 1e6)
    return statistics.median(samples)


def start_sandbox(root):
    port_probe = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = port_probe.server_address[1]
    port_probe.server_close()
    endpoint = f"http://127.0.0.1:{port}"
    log = open(root / "sandbox.log", "w")
    process = subprocess.Popen(["dotnet", str(SANDBOX_DLL), "--urls", endpoint, "--root", str(root / "sandbox")],
                               stdout=log, stderr=subprocess.STDOUT)
    for _ in range(240):
        if "Studio sandbox ready" in (root / "sandbox.log").read_text():
            return process, endpoint
        if process.poll() is not None:
            break
        time.sleep(0.25)
    raise SystemExit(f"the sandbox did not start:\n{(root / 'sandbox.log').read_text()}")


def ready_users(sagemaker, names):
    for name in names:
        sagemaker.create_user_profile(DomainId=DOMAIN, UserProfileName=name)
        sagemaker.create_app(DomainId=DOMAIN, UserProfileName=name, AppType="JupyterServer", AppName="default")
    for name in names:
        while sagemaker.describe_app(DomainId=DOMAIN, UserProfileName=name, AppType="JupyterServer",
                                     AppName="default")["Status"] != "InService":
            time.sleep(0.2)


def events_by_user(root):
    events = {}
    for path in (root / "sandbox/events").glob("*.json"):
        event = json.loads(path.read_text())
        if "errorCode" not in event["detail"]:
            events[event["detail"]["requestParameters"]["userProfileName"]] = event
    return events


def replay(event, script, endpoint, work, measure_memory=False):
    """One run through bootstrap replay with a fresh event id: (wall ms, result, peak RSS KiB or None)."""
    event = json.loads(json.dumps(event))
    event["detail"]["eventID"] = str(uuid.uuid4())
    path = work / f"{event['detail']['eventID']}.json"
    path.write_text(json.dumps(event))
    command = [str(BOOTSTRAP), "replay", str(path), "--endpoint-url", endpoint, "--script", str(script), "--output", "json"]
    if measure_memory:
        command = ["/usr/bin/time", "-v"] + command
    started = time.monotonic_ns()
    done = subprocess.run(command, env={"PATH": "/usr/bin:/bin", **CREDENTIALS}, capture_output=True, text=True, timeout=600)
    wall = (time.monotonic_ns() - started) / 1e6
    if done.returncode != 0:
        raise SystemExit(f"replay failed ({done.returncode}):\n{done.stderr}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr) if measure_memory else None
    return wall, json.loads(done.stdout), int(peak.group(1)) if peak else None


def step_script(work, steps):
    path = work / f"steps-{steps}.sh"
    path.write_text("set -euo pipefail\n" + "".join(f"# step: s{i:02}\ntrue\n" for i in range(1, steps + 1)))
    return path


def direct_bash_ms(script, home):
    samples = []
    for _ in range(RUNS):
        started = time.monotonic_ns()
        subprocess.run(["bash", str(script)], cwd=home, env={"HOME": str(home), "PATH": "/usr/bin:/bin"}, check=True)
        samples.append((time.monotonic_ns() - started) / 1e6)
    return statistics.median(samples)


def package_zip_bytes(work):
    archive = work / "package.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.write(BOOTSTRAP, "bootstrap")
        for file in (REPO / "setup").rglob("*"):
            if file.is_file():
                package.write(file, f"setup/{file.relative_to(REPO / 'setup')}")
    return archive.stat().st_size


def main():
    for needed in (BOOTSTRAP, BASELINE, SANDBOX_DLL):
        if not needed.exists():
            raise SystemExit(f"{needed} is missing: run `make bench`")
    rows = []
    runtime = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FirstNext)
    threading.Thread(target=runtime.serve_forever, daemon=True).start()
    address = f"127.0.0.1:{runtime.server_address[1]}"
    baseline_init = init_ms(BASELINE, address)
    bootstrap_init = init_ms(BOOTSTRAP, address)
    rows.append(("init: exec → first GET /next", f"{bootstrap_init:.1f} ms", f"AOT hello {baseline_init:.1f} ms",
                 "≤ 1.5 × baseline, ≤ 30 ms", bootstrap_init <= min(30, 1.5 * baseline_init)))
    runtime.shutdown()

    root = pathlib.Path(tempfile.mkdtemp(prefix="aib-", dir="/tmp"))
    sandbox, endpoint = start_sandbox(root)
    try:
        sagemaker = boto3.client("sagemaker", endpoint_url=endpoint, region_name=CREDENTIALS["AWS_REGION"],
                                 aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                                 aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
        users = [f"bench{i:02}" for i in range(CONCURRENT_USERS + 1)]
        ready_users(sagemaker, users)
        events = events_by_user(root)
        work = root / "work"
        work.mkdir()
        many, one = step_script(work, STEPS), step_script(work, 1)
        single = users[0]
        replay(events[single], one, endpoint, work)  # first login and terminal of this server: not measured

        walls, results, peaks = [], [], []
        for _ in range(RUNS):
            wall, result, peak = replay(events[single], many, endpoint, work, measure_memory=True)
            walls.append(wall)
            results.append(result)
            peaks.append(peak)
        one_step = [replay(events[single], one, endpoint, work)[0] for _ in range(RUNS)]
        bash_ms = direct_bash_ms(many, root / f"sandbox/users/{single}/home")
        event_to_result = statistics.median(walls)
        overhead = event_to_result - bash_ms
        per_step = (event_to_result - statistics.median(one_step)) / (STEPS - 1)
        rows.append((f"{STEPS}-step setup on a ready app, event → result", f"{event_to_result:.0f} ms",
                     f"bash on the server {bash_ms:.0f} ms", "overhead ≤ 1.0 s", overhead <= 1000))
        rows.append(("  overhead per step (20 steps vs 1)", f"{per_step:.1f} ms", "—", "≤ 20 ms", per_step <= 20))
        stages = {k: statistics.median(r["timings"][k] or 0 for r in results) for k in ("waitMs", "loginMs", "runMs")}
        rows.append(("  of which wait / login / run", f"{stages['waitMs']:.0f} / {stages['loginMs']:.0f} / {stages['runMs']:.0f} ms", "—", "—", None))
        peak_mb = statistics.median(peaks) / 1024
        rows.append(("peak RSS of bootstrap during a run", f"{peak_mb:.1f} MB", "—", "≤ 40 MB", peak_mb <= 40))

        for user in users[1:]:
            replay(events[user], one, endpoint, work)  # warm every server as the single one was
        outcomes = []
        def run_one(user):
            try:
                outcomes.append(replay(events[user], many, endpoint, work)[1]["outcome"])
            except SystemExit as failure:
                outcomes.append(f"error: {failure}")
        concurrent_started = time.monotonic_ns()
        threads = [threading.Thread(target=run_one, args=(user,)) for user in users[1:]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        concurrent = (time.monotonic_ns() - concurrent_started) / 1e6
        succeeded = sum(outcome == "succeeded" for outcome in outcomes)
        rows.append((f"{CONCURRENT_USERS} concurrent events for {CONCURRENT_USERS} users", f"{concurrent:.0f} ms, {succeeded}/{CONCURRENT_USERS} succeeded",
                     f"1 event {event_to_result:.0f} ms", "all succeed, ≤ 2 × single",
                     concurrent <= 2 * event_to_result and succeeded == CONCURRENT_USERS))
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=60)
        shutil.rmtree(root, ignore_errors=True)

    size_mb = BOOTSTRAP.stat().st_size / 1e6
    zip_mb = package_zip_bytes(pathlib.Path(tempfile.mkdtemp(prefix="aib-zip-"))) / 1e6
    rows.append(("bootstrap size / deployment zip", f"{size_mb:.2f} MB / {zip_mb:.2f} MB", "—", "≤ 15 MB / ≤ 6 MB",
                 size_mb <= 15 and zip_mb <= 6))

    print(f"\nbenchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores; medians of {RUNS} runs ({INIT_RUNS} for init)\n")
    print("| figure | measured | baseline (same run) | target | holds |")
    print("|---|---|---|---|---|")
    for figure, measured, baseline, target, holds in rows:
        print(f"| {figure} | {measured} | {baseline} | {target} | {'' if holds is None else ('yes' if holds else 'NO')} |")


if __name__ == "__main__":
    sys.exit(main())

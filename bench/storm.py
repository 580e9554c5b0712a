"""The nine o'clock storm: many CreateApp events for different users within a minute, each run at once by its own
`bootstrap replay` process (as Lambda gives each event an instance of its own), against a sandbox that throttles every
SageMaker operation with a token bucket and serves all the apps from a small pool of real JupyterLab servers.

Each user has a private space with a JupyterLab app, as in new Studio, so each event costs the function DescribeSpace,
ListTags (space, then owner), DescribeApp until InService, and CreatePresignedDomainUrl. The sandbox counts every call
by operation and resource (space or user profile), so the calls of one event are those about its space and its owner.
"""
import collections
import json
import random
import re
import statistics
import subprocess
import threading
import time

from botocore.config import Config

# The storm's shape: events, the minute they arrive in, how long each app stays Pending (drawn per app).
EVENTS = 300
ARRIVAL_SECONDS = 60
PENDING_SECONDS = (5, 60)
POOL_SIZE = 4
# SageMaker does not publish its per-operation rates; 10 calls per second per operation with bursts of 20 is an
# assumption (see bench/README.md), and well below what 300 instances polling at once would ask.
RATE_PER_SECOND = 10
BURST = 20
FUNCTION_OPERATIONS = ("DescribeSpace", "ListTags", "DescribeApp", "CreatePresignedDomainUrl")
SEED = 20
SCRIPT = "# step: record the run\necho \"$AUTO_INSTALLER_RUN_ID\" >> \"$SANDBOX_EXECUTION_LOG\"\n"


def sandbox_options():
    """The sandbox's command-line options for a storm: the apps share a pool of Jupyter servers."""
    return ["--jupyter-pool-size", str(POOL_SIZE)]


def storm_figures(rows, client, endpoint, root, bootstrap, admin, environment, events=EVENTS, rate=RATE_PER_SECOND, burst=BURST,
                  arrival_seconds=ARRIVAL_SECONDS):
    """Runs the storm and adds its rows; prints the storm line and its figures."""
    users = [(f"storm{i:03}", f"storm{i:03}-lab") for i in range(events)]
    create_spaces(client, users)
    work = root / "storm"
    work.mkdir()
    script = work / "storm.sh"
    script.write_text(SCRIPT)
    admin(endpoint, "faults", put={"pendingSeconds": PENDING_SECONDS[0], "pendingSecondsMax": PENDING_SECONDS[1],
                                   "throttleRatePerSecond": rate, "throttleBurst": burst, "throttleOperations": list(FUNCTION_OPERATIONS)})
    admin(endpoint, "api-calls", method="DELETE")
    draws = random.Random(SEED)
    arrivals = sorted(draws.uniform(0, arrival_seconds) for _ in users)
    finder = EventFinder(root / "sandbox/events")
    results, active = {}, Gauge()
    started = time.monotonic()

    def one(user, space, at):
        time.sleep(max(0.0, started + at - time.monotonic()))
        try:
            client.create_app(DomainId="d-sandbox00001", SpaceName=space, AppType="JupyterLab", AppName="default")
            path = finder.path_for(space)
            with active:
                results[space] = replay(bootstrap, path, endpoint, script, environment)
        except Exception as failure:  # reported with the figures, not lost in a thread
            results[space] = {"result": {"outcome": "error in the benchmark", "reason": repr(failure)}, "seconds": 0, "peakKiB": 0}
        results[space]["owner"] = user

    threads = [threading.Thread(target=one, args=(user, space, at)) for (user, space), at in zip(users, arrivals)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    admin(endpoint, "faults", put={})
    report(rows, results, wall, active.peak, admin(endpoint, "api-calls"), admin(endpoint, "jupyter-pool"),
           {space: admin(endpoint, f"spaces/{space}/readiness") for _, space in users}, arrivals, rate, burst, arrival_seconds)


def create_spaces(client, users):
    """A user profile and its private JupyterLab space for each user, before any throttling."""
    for user, space in users:
        client.create_user_profile(DomainId="d-sandbox00001", UserProfileName=user)
        client.create_space(DomainId="d-sandbox00001", SpaceName=space, OwnershipSettings={"OwnerUserProfileName": user},
                            SpaceSharingSettings={"SharingType": "Private"}, SpaceSettings={"AppType": "JupyterLab"})


def client_config():
    """For the users' own calls (not throttled: the throttle limits the function's operations): one connection per
    user calling at once."""
    return Config(max_pool_connections=64)


class EventFinder:
    """The successful CreateApp event of a space, among the sandbox's event files (each read once)."""

    def __init__(self, directory):
        self.directory, self.by_space, self.seen, self.lock = directory, {}, set(), threading.Lock()

    def path_for(self, space):
        with self.lock:
            for path in self.directory.glob("*.json"):
                if path.name not in self.seen:
                    self.seen.add(path.name)
                    detail = json.loads(path.read_text())["detail"]
                    if "errorCode" not in detail:
                        self.by_space[detail["requestParameters"]["spaceName"]] = path
            return self.by_space[space]


class Gauge:
    """How many runs are in progress, and the most at once."""

    def __init__(self):
        self.now, self.peak, self.lock = 0, 0, threading.Lock()

    def __enter__(self):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *_):
        with self.lock:
            self.now -= 1


def replay(bootstrap, event, endpoint, script, environment):
    """One `bootstrap replay` of the event under /usr/bin/time -v: its result (or error), wall seconds, peak RSS."""
    command = ["/usr/bin/time", "-v", str(bootstrap), "replay", str(event), "--endpoint-url", endpoint,
               "--script", str(script), "--output", "json"]
    began, began_unix_ms = time.monotonic(), time.time() * 1000
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=1200)
    seconds = time.monotonic() - began
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
        result = {"outcome": f"error (exit {done.returncode})", "reason": errors[-1] if errors else done.stderr[-300:]}
    return {"result": result, "seconds": seconds, "startedAtUnixMs": began_unix_ms, "peakKiB": int(peak.group(1)) if peak else 0}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def failure_kind(result):
    """What a run that did not succeed ended with, without its names and ids: e.g. `stage wait: DescribeApp ThrottlingException`."""
    reason = str(result.get("reason"))
    stage = re.search(r"stage (\w+)", reason)
    call = re.search(r"SageMaker (\w+) failed: \d+ (\w+)", reason)
    return " ".join(part for part in (result["outcome"], stage and f"stage {stage.group(1)}:", call and f"{call.group(1)} {call.group(2)}") if part) \
        if stage or call else f"{result['outcome']}: {reason[:200]}"


def report(rows, results, wall, peak_concurrent, api_calls, pool, readiness, arrivals, rate, burst, arrival_seconds):
    outcomes = collections.Counter(r["result"]["outcome"] for r in results.values())
    succeeded = outcomes["succeeded"]
    executed = collections.Counter(line for member in pool for line in member["executions"])
    run_ids = {space: r["result"].get("runId") for space, r in results.items()}
    once = sum(executed[run_id] == 1 for run_id in run_ids.values() if run_id)
    function_calls = [c for c in api_calls if c["operation"] in FUNCTION_OPERATIONS]
    throttled = sum(c["throttled"] for c in function_calls)
    calls_of = collections.Counter()
    for c in function_calls:
        calls_of[c["resource"]] += c["calls"]
    per_event = [calls_of[f"space/{space}"] + calls_of[f"user-profile/{r['owner']}"] for space, r in results.items()]
    by_operation = collections.Counter()
    throttled_by_operation = collections.Counter()
    for c in function_calls:
        by_operation[c["operation"]] += c["calls"]
        throttled_by_operation[c["operation"]] += c["throttled"]
    lags = [(r["firstStdinAtUnixMs"] - r["inServiceAtUnixMs"]) / 1000 for r in readiness.values()
            if r["firstStdinAtUnixMs"] and r["inServiceAtUnixMs"]]
    # When the function saw InService: the process's start plus its wait stage (the process starts in milliseconds).
    seen_late = [(results[space]["startedAtUnixMs"] + results[space]["result"]["timings"]["waitMs"] - r["inServiceAtUnixMs"]) / 1000
                 for space, r in readiness.items()
                 if r["inServiceAtUnixMs"] and results[space]["result"].get("timings", {}).get("waitMs") is not None]
    deadline_misses = sum("deadline" in str(r["result"].get("reason", "")) for r in results.values())
    peak_mib = max(r["peakKiB"] for r in results.values()) / 1024
    failures = collections.Counter(failure_kind(r["result"]) for r in results.values() if r["result"]["outcome"] != "succeeded")

    print(f"\nstorm: {len(results)} events, {succeeded} succeeded, {sum(executed.values())} executions "
          f"({once} run ids exactly once), {throttled} throttled calls of {sum(by_operation.values())} by the function, "
          f"{deadline_misses} deadline misses")
    print(f"  arrivals over {arrivals[-1] - arrivals[0]:.1f} s; apps Pending {PENDING_SECONDS[0]}-{PENDING_SECONDS[1]} s; "
          f"throttle {rate} calls/s per operation, burst {burst}; {POOL_SIZE} JupyterLab servers; "
          f"{peak_concurrent} bootstrap processes at once at the peak")
    print(f"  SageMaker calls per event: median {statistics.median(per_event):.0f}, max {max(per_event)}")
    for operation in FUNCTION_OPERATIONS:
        print(f"    {operation}: {by_operation[operation]} calls, {throttled_by_operation[operation]} throttled")
    if lags:
        print(f"  readiness lag (InService -> first stdin): p50 {percentile(lags, 50):.1f} s, p95 {percentile(lags, 95):.1f} s, "
              f"max {max(lags):.1f} s ({len(lags)} apps)")
    if seen_late:
        print(f"    of which InService -> seen by the wait stage: p50 {percentile(seen_late, 50):.1f} s, p95 {percentile(seen_late, 95):.1f} s, "
              f"max {max(seen_late):.1f} s; the rest is the login and the terminal")
    print(f"  wall time: {wall:.0f} s from the first arrival to the last result; event -> result median "
          f"{statistics.median(r['seconds'] for r in results.values()):.1f} s, max {max(r['seconds'] for r in results.values()):.1f} s")
    print(f"  peak RSS of one bootstrap: {peak_mib:.1f} MiB")
    for kind, count in failures.most_common():
        print(f"  not succeeded: {count} × {kind}")

    exactly_once = succeeded == len(results) and once == len(results) and sum(executed.values()) == len(results)
    rows.append((f"storm: {len(results)} CreateApp events in {arrival_seconds:g} s, {rate} calls/s per operation (burst {burst})",
                 f"{succeeded}/{len(results)} succeeded, {sum(executed.values())} executions, {throttled} throttled calls",
                 f"{POOL_SIZE} JupyterLab servers", "all succeed exactly once, throttling exercised",
                 exactly_once and throttled > 0))
    rows.append(("  SageMaker calls per event: median / max", f"{statistics.median(per_event):.0f} / {max(per_event)}", "—", "—", None))
    if lags:
        rows.append(("  readiness lag p50 / p95 / max", f"{percentile(lags, 50):.1f} / {percentile(lags, 95):.1f} / {max(lags):.1f} s",
                     f"apps Pending {PENDING_SECONDS[0]}-{PENDING_SECONDS[1]} s", "—", None))
    rows.append(("  wall time, first arrival → last result", f"{wall:.0f} s", f"{peak_concurrent} runs at once", "—", None))
    rows.append(("  peak RSS of one bootstrap in the storm", f"{peak_mib:.1f} MiB", "—", "≤ 40 MiB", peak_mib <= 40))

"""Re-enacts, with the standard library only, the HTTP exchanges of Segmind's official Python SDK
(PyPI `segmind` 1.1+, `SegmindClient`) against a segmind-mock server.

This is not the SDK: the SDK cannot be installed here (no PyPI access), so this script performs the
same requests and reads the answers the same way, as its source does:

- `SegmindClient(api_key, base_url="https://api.segmind.com/v1")` strips the trailing slash of
  `base_url` and sends `x-api-key`, `User-Agent: segmind-python-sdk/<version>` and
  `X-Initiator: SDK-PY` on every request.
- `run_sync(slug, **params)`: `POST {base_url}/{slug}` with the params as JSON; any status outside
  200-399 raises `SegmindError(status, detail=body["error"])`; returns the raw response.
- `submit_async(slug, **params)`: `POST {v2 base}/{slug}`, where the v2 base is `base_url` with its
  last path segment (when it starts with "v") replaced by `/v2`; raises on a non-2xx/3xx; requires
  `request_id`, `status_url` and `response_url` in the body; returns a job handle.
- `job.wait(timeout=600, interval=1.0)`: GET `status_url` (the absolute URL as given) at once, then
  every `interval` seconds. A body whose `status` is COMPLETED or FAILED is accepted whatever the
  HTTP code (that is how the 422 of a FAILED job is read); another non-2xx raises `SegmindError`.
  On COMPLETED it GETs `response_url` (same tolerance) and returns that body; on FAILED it raises
  `InferenceFailed(detail=status_body["error"])` without fetching the result; past the deadline,
  `InferenceTimeout`.
- `run(slug, **params)` is `submit_async(slug, **params).wait()`.

Usage: python3 sdk_flow.py BASE_URL API_KEY. Prints one JSON line of what it saw; exits 1 with
the reason on the first expectation that does not hold.
"""

import base64
import json
import sys
import time
import urllib.error
import urllib.request

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
USER_AGENT = "segmind-python-sdk/1.1.0"


class SegmindError(Exception):
    def __init__(self, status, detail):
        super().__init__(f"SegmindError(status={status}, detail={detail!r})")
        self.status = status
        self.detail = detail


class InferenceFailed(SegmindError):
    def __init__(self, detail, status_body):
        super().__init__(None, detail)
        self.status_body = status_body


class InferenceTimeout(SegmindError):
    def __init__(self, request_id, elapsed_s):
        super().__init__(None, f"v2 request {request_id!r} did not complete within {elapsed_s:.1f}s")
        self.request_id = request_id


class Response:
    def __init__(self, status, headers, content):
        self.status_code = status
        self.headers = headers
        self.content = content

    @property
    def is_success(self):
        return 200 <= self.status_code < 300

    def json(self):
        return json.loads(self.content.decode("utf-8"))


def body_dict(response):
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def raise_for_status(response):
    if not (200 <= response.status_code < 400):
        raise SegmindError(response.status_code, body_dict(response).get("error"))


class Client:
    """The SDK's request layer: its headers, its URL rules, its error reading."""

    def __init__(self, api_key, base_url):
        self.base_url = base_url.rstrip("/")
        self.headers = {"User-Agent": USER_AGENT, "X-Initiator": "SDK-PY"}
        if api_key:
            self.headers["x-api-key"] = api_key

    def request(self, method, url, params=None):
        if not url.startswith("http"):
            url = self.base_url + url
        data = None
        headers = dict(self.headers)
        if params is not None:
            data = json.dumps(params).encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                return Response(res.status, res.headers, res.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def v2_base(self):
        base = self.base_url.rstrip("/")
        if "/" in base and base.rsplit("/", 1)[1].startswith("v"):
            base = base.rsplit("/", 1)[0]
        return base + "/v2"

    def run_sync(self, slug, **params):
        response = self.request("POST", f"/{slug}", params)
        raise_for_status(response)
        return response

    def submit_async(self, slug, **params):
        response = self.request("POST", self.v2_base() + "/" + slug.lstrip("/"), params)
        raise_for_status(response)
        body = response.json()
        if not (body.get("request_id") and body.get("status_url") and body.get("response_url")):
            raise SegmindError(response.status_code, f"submit is missing keys: {sorted(body)}")
        return Job(self, body)

    def run(self, slug, **params):
        return self.submit_async(slug, **params).wait()


class Job:
    def __init__(self, client, submit_body):
        self.client = client
        self.request_id = submit_body["request_id"]
        self.status_url = submit_body["status_url"]
        self.response_url = submit_body["response_url"]

    def fetch_terminal_tolerant(self, url):
        response = self.client.request("GET", url)
        body = body_dict(response)
        if body.get("status") in ("COMPLETED", "FAILED"):
            return body
        if response.is_success:
            return body
        raise_for_status(response)
        return body

    def status(self):
        return self.fetch_terminal_tolerant(self.status_url)

    def result(self):
        return self.fetch_terminal_tolerant(self.response_url)

    def wait(self, timeout=600.0, interval=1.0):
        start = time.monotonic()
        deadline = start + timeout
        while True:
            status_body = self.status()
            state = status_body.get("status")
            if state == "COMPLETED":
                return self.result()
            if state == "FAILED":
                raise InferenceFailed(status_body.get("error"), status_body)
            if time.monotonic() >= deadline:
                raise InferenceTimeout(self.request_id, time.monotonic() - start)
            time.sleep(interval)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def download(url):
    # Output URLs are public media links: fetched without the key, as an application would.
    with urllib.request.urlopen(url, timeout=30) as res:
        return res.status, res.headers.get("content-type"), res.read()


def main():
    base_url, api_key = sys.argv[1], sys.argv[2]
    origin = base_url.rsplit("/", 1)[0]
    client = Client(api_key, base_url)
    seen = {}

    # run_sync: v1, raw PNG bytes and the credits header.
    response = client.run_sync(
        "background-eraser", image="https://example.com/cat.png", return_mask=False
    )
    expect(response.status_code == 200, f"run_sync answered {response.status_code}")
    expect(response.headers.get("content-type") == "image/png", "run_sync is not image/png")
    expect(response.content.startswith(PNG_SIGNATURE), "run_sync bytes are not a PNG")
    expect(float(response.headers.get("x-remaining-credits")) >= 0, "no x-remaining-credits")
    seen["run_sync_bytes"] = len(response.content)

    # run_sync with base64: JSON {"image": base64 PNG}.
    response = client.run_sync(
        "background-eraser", image="https://example.com/cat.png", return_mask=False, base64=True
    )
    image = base64.b64decode(response.json()["image"])
    expect(image.startswith(PNG_SIGNATURE), "base64 output is not a PNG")

    # run: submit on v2, poll the absolute status_url, read the result.
    result = client.run(
        "bria-erase-foreground", image="https://example.com/cat.jpg", preserve_alpha=True
    )
    expect(result.get("status") == "COMPLETED", f"run ended {result}")
    expect(result.get("error") is None, "a COMPLETED result carries error null")
    expect(result["metrics"]["inference_time"] > 0, "no inference_time")
    expect(result["output"].startswith(origin + "/"), f"output not on {origin}: {result['output']}")
    status, content_type, png = download(result["output"])
    expect(status == 200 and content_type == "image/png", "output is not served as a PNG")
    expect(png.startswith(PNG_SIGNATURE), "output bytes are not a PNG")
    seen["run_output"] = result["output"]

    # submit_async + wait, with the URLs the server gave.
    job = client.submit_async(
        "background-eraser", image="https://example.com/dog.png", return_mask=True
    )
    expect(job.status_url.startswith(origin + "/v2/requests/"), f"status_url {job.status_url}")
    # Any state of a live job: on a machine loaded enough to let the 80 ms this job takes at
    # speed 50 pass before this poll, it is already COMPLETED, and that is no failure of the API.
    expect(
        job.status().get("status") in ("QUEUED", "PROCESSING", "COMPLETED"),
        "a new job has no live status",
    )
    result = job.wait(interval=0.2)
    expect(result.get("status") == "COMPLETED", f"wait ended {result}")
    seen["waited_request_id"] = job.request_id

    # InferenceFailed: the status endpoint's 422 body is read, the result is not fetched.
    control = urllib.request.Request(
        origin + "/__mock/outcomes",
        data=json.dumps(
            {"model": "bria-erase-foreground", "status": "FAILED", "error": "Input flagged by moderation"}
        ).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(control, timeout=30).read()
    failed_job = client.submit_async("bria-erase-foreground", image="https://example.com/nsfw.jpg")
    try:
        failed_job.wait(interval=0.2)
        raise AssertionError("wait did not raise InferenceFailed")
    except InferenceFailed as error:
        expect(error.detail == "Input flagged by moderation", f"detail was {error.detail!r}")
        expect(error.status_body.get("status") == "FAILED", "status body is not FAILED")
    seen["failed_request_id"] = failed_job.request_id

    # SegmindError: the error text is read from the body's "error".
    try:
        client.run_sync(
            "background-eraser", image="https://example.com/a.png", return_mask=False, grow_mask=99
        )
        raise AssertionError("an invalid body was accepted")
    except SegmindError as error:
        expect(error.status == 400, f"invalid body answered {error.status}")
        expect("grow_mask" in (error.detail or ""), f"detail does not name the field: {error.detail}")
    try:
        Client("", base_url).run_sync("background-eraser", image="https://example.com/a.png")
        raise AssertionError("a request without a key was accepted")
    except SegmindError as error:
        expect(error.status == 401 and error.detail, f"no key answered {error.status} {error.detail}")
    try:
        Job(client, {"request_id": "x", "status_url": origin + "/v2/requests/nope/status",
                     "response_url": origin + "/v2/requests/nope"}).wait(interval=0.1)
        raise AssertionError("an unknown request id did not raise")
    except SegmindError as error:
        expect(error.status == 404 and error.detail, f"unknown id answered {error.status}")

    print(json.dumps(seen))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"sdk_flow: {error}", file=sys.stderr)
        sys.exit(1)

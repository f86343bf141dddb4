"""The load of `bench/cluster.py`: readers, an organizer, buyers and jobs, balanced over the web processes."""

import http.client
import json
import time

INCLUDE = "speakers,track,microlocation,session-type"


class Balancer:
    """Round-robin over the web ports on keep-alive connections; a port that refuses is taken out."""

    def __init__(self, ports):
        self.ports, self.next, self.connections = list(ports), 0, {}

    def request(self, method, path, body=None, headers=None):
        """(status, seconds, port, started) ; status is 'error' when the request failed in flight."""
        while self.ports:
            port = self.ports[self.next % len(self.ports)]
            self.next += 1
            connection = self.connections.get(port) or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            self.connections[port] = connection
            started = time.time()
            try:
                connection.request(method, path, body=body, headers=headers or {})
                response = connection.getresponse()
                content = response.read()
            except ConnectionRefusedError:
                self.ports.remove(port)  # the load balancer's health check: no more traffic to it
                self.connections.pop(port, None)
                continue
            except (OSError, http.client.HTTPException):
                connection.close()
                self.connections.pop(port, None)
                return "error", time.time() - started, port, started, b""
            if response.will_close:
                connection.close()
                self.connections.pop(port, None)
            return response.status, time.time() - started, port, started, content
        return "no-backend", 0.0, None, time.time(), b""


def drive(kind, ports, deadline, context, results):
    """One load process: requests of one kind until the deadline; sends back (kind, status, s, port, t)."""
    balancer = Balancer(ports)
    samples, n = [], 0
    accept = {"Accept": "application/vnd.api+json"}
    while time.time() < deadline:
        n += 1
        if kind == "read":
            path = (
                f"/v1/events/{context['event']}/sessions?include={INCLUDE}&page[size]=50&page[number]={n % 4 + 1}",
                f"/v1/events/{context['event']}/tracks",
                f"/v1/events/{context['event']}/speakers?page[size]=50",
            )[n % 3]
            outcome = balancer.request("GET", path, headers=accept)
        elif kind == "write":
            session = context["sessions"][n % len(context["sessions"])]
            body = {"data": {"type": "session", "id": str(session), "attributes": {"title": f"Talk {n} revised"}}}
            headers = {**accept, "Content-Type": "application/vnd.api+json", "Authorization": context["organizer"]}
            outcome = balancer.request("PATCH", f"/v1/sessions/{session}", json.dumps(body), headers)
            time.sleep(0.05)
        else:
            body = {"tickets": [{"id": context["ticket"], "quantity": 1}], "discount-code": context["code"]}
            token = context["buyers"][n % len(context["buyers"])]
            headers = {"Content-Type": "application/json", "Authorization": token}
            outcome = balancer.request("POST", "/v1/orders/create-order", json.dumps(body), headers)
            time.sleep(0.1)
        samples.append((kind, *outcome[:4]))
    results.put(samples)


def multipart(path):
    boundary = "benchboundary7f3a"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    ).encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def start_jobs(balancer, context, zip_path):
    """3 imports and 3 exports at once; their task URLs."""
    token = {"Authorization": context["organizer"], "Accept": "application/json"}
    body, content_type = multipart(zip_path)
    urls = []
    for _ in range(3):
        status, *_, content = balancer.request(
            "POST", "/v1/events/import/json", body, {**token, "Content-Type": content_type}
        )
        urls.append(json.loads(content)["task_url"] if status == 200 else f"failed-to-start:{status}")
        export = json.dumps({"image": False})
        status, *_, content = balancer.request(
            "POST", f"/v1/events/{context['event']}/export/json", export, {**token, "Content-Type": "application/json"}
        )
        urls.append(json.loads(content)["task_url"] if status == 200 else f"failed-to-start:{status}")
    return urls


def task_states(balancer, context, urls):
    states = {}
    for url in urls:
        if url.startswith("failed-to-start"):
            states[url] = {"state": "NOT-STARTED"}
            continue
        status, *_, content = balancer.request("GET", url, headers={"Authorization": context["organizer"]})
        states[url] = json.loads(content) if status == 200 else {"state": f"HTTP {status}"}
    return states

// Checks the Kubernetes manifests under containers/kube/ for .ci/run: each file parses as YAML, and says what the
// README says it does (serve: a Deployment of replicas with /ping probes and a CPU limit, and a Service that selects
// them; the quota Pod: restartPolicy Never under a CPU limit). Prints one line per file; exits 1 with the reason.
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const folder = process.argv[2];
const fail = (file, why) => { console.error(`${file}: ${why}`); process.exit(1); };
const cpus = (text) => (String(text).endsWith("m") ? Number(String(text).slice(0, -1)) / 1000 : Number(text));

for (const name of fs.readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()) {
  const file = path.join(folder, name);
  const documents = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
  for (const d of documents) if (d.errors.length > 0) fail(file, d.errors[0].message);
  const objects = documents.map((d) => d.toJS()).filter((o) => o);
  const kinds = objects.map((o) => o.kind);
  const limited = (c) => c.resources && c.resources.limits && cpus(c.resources.limits.cpu) > 0;
  if (kinds.includes("Deployment")) {
    const deployment = objects.find((o) => o.kind === "Deployment");
    const service = objects.find((o) => o.kind === "Service");
    const spec = deployment.spec;
    if (!(spec.replicas >= 2)) fail(file, "the Deployment should run at least 2 replicas");
    const container = spec.template.spec.containers[0];
    for (const probe of ["livenessProbe", "readinessProbe"])
      if (!container[probe] || !container[probe].httpGet || container[probe].httpGet.path !== "/ping") fail(file, `the container's ${probe} should GET /ping`);
    if (!limited(container)) fail(file, "the container should have a CPU limit");
    if (!service) fail(file, "no Service");
    const labels = spec.template.metadata.labels;
    for (const [k, v] of Object.entries(service.spec.selector)) if (labels[k] !== v) fail(file, `the Service selects ${k}=${v}, which the pods do not carry`);
    console.log(`${file}: Deployment of ${spec.replicas} replicas (/ping probes, CPU limit ${container.resources.limits.cpu}) and a Service that selects them`);
  } else if (kinds.includes("Pod")) {
    const pod = objects.find((o) => o.kind === "Pod");
    if (pod.spec.restartPolicy !== "Never") fail(file, "the Pod should not restart (restartPolicy: Never)");
    if (!pod.spec.containers.every(limited)) fail(file, "every container should have a CPU limit");
    console.log(`${file}: Pod that runs once under a CPU limit of ${pod.spec.containers[0].resources.limits.cpu}`);
  } else {
    fail(file, `holds ${kinds.join(", ") || "nothing"}, not a Deployment or a Pod`);
  }
}

import { buildMultipart, emitYaml, pickUnusedMarker, quoteShellDouble, YamlBlock, type YamlValue } from "./context-text";
import type { SiteParams } from "./site-params";
import type { ContextMethod } from "./vocabulary";

/**
 * What a VM receives at boot, rendered from its cloud's site parameters in the cloud's
 * configured method. Pure: the launch executor sends `userData` through the driver
 * (which base64-encodes it as its API wants); the launch dialog and the site parameters
 * page show the same text.
 */

export interface ContextVm {
  vmName: string;
  queue: string;
  actionId: number;
  token: string;
  cloudName: string;
}

export interface RenderedContext {
  method: ContextMethod;
  userData: string;
  /** UTF-8 bytes of userData, before any base64 or gzip. */
  bytes: number;
}

export const CVMFS_CONFIG_PATH = "/etc/cvmfs/default.local";
export const CONDOR_CONFIG_PATH = "/etc/condor/config.d/10-site";
export const PANDA_QUEUE_PATH = "/etc/cloudscope/panda-queue";
export const SITE_ENV_PATH = "/etc/cloudscope/site.env";
export const HEPIX_CONTEXT_DIR = "/var/lib/hepix/context";
export const HIERA_DATA_PATH = "/etc/puppetlabs/code/hieradata/cloudscope.yaml";

const utf8 = new TextEncoder();

export function measureBytes(text: string): number {
  return utf8.encode(text).length;
}

/** The launch's queue wins; the cloud's PanDA queue is the fallback. */
function queueOf(params: SiteParams, vm: ContextVm): string {
  return vm.queue.trim() === "" ? params.pandaQueue : vm.queue;
}

/** The variables every method carries, in a fixed order; names match what HEPiX-era prolog scripts read. */
export function listContextVariables(params: SiteParams, vm: ContextVm): [string, string][] {
  return [
    ["VM_NAME", vm.vmName],
    ["CLOUD_NAME", vm.cloudName],
    ["CLOUDSCOPE_ACTION_ID", String(vm.actionId)],
    ["CLOUDSCOPE_TOKEN", vm.token],
    ["CVMFS_HTTP_PROXY", params.cvmfsProxy],
    ["CONDOR_HOST", params.condorHost],
    ["PANDA_QUEUE", queueOf(params, vm)],
    ["NTP_SERVERS", params.ntpServers.join(" ")],
    ["SSH_KEY_NAMES", params.sshKeyNames.join(" ")],
    ...Object.entries(params.extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ];
}

function renderEnvFile(variables: [string, string][]): string {
  return variables.map(([name, value]) => `${name}=${quoteShellDouble(value)}\n`).join("");
}

function renderCloudInit(params: SiteParams, vm: ContextVm): string {
  const cloudConfig: { [key: string]: YamlValue } = {
    write_files: [
      { path: CVMFS_CONFIG_PATH, permissions: "0644", content: new YamlBlock(`CVMFS_HTTP_PROXY=${quoteShellDouble(params.cvmfsProxy)}\n`) },
      { path: CONDOR_CONFIG_PATH, permissions: "0644", content: new YamlBlock(`CONDOR_HOST = ${params.condorHost}\n`) },
      { path: PANDA_QUEUE_PATH, permissions: "0644", content: new YamlBlock(`${queueOf(params, vm)}\n`) },
      // The key pairs themselves are injected by the cloud by name; the names are recorded for the VM's agents.
      { path: SITE_ENV_PATH, permissions: "0600", content: new YamlBlock(renderEnvFile(listContextVariables(params, vm))) },
    ],
  };
  if (params.ntpServers.length > 0) cloudConfig.ntp = { enabled: true, servers: params.ntpServers };
  const script = [
    "#!/bin/sh",
    "# cloudscope: apply the site files written by the cloud-config part",
    "if command -v cvmfs_config >/dev/null 2>&1; then cvmfs_config setup; cvmfs_config reload; fi",
    "if command -v condor_reconfig >/dev/null 2>&1; then systemctl restart condor 2>/dev/null || service condor restart; fi",
    "",
  ].join("\n");
  return buildMultipart([
    { contentType: "text/cloud-config", filename: "cloud_conf.yaml", body: `#cloud-config\n${emitYaml(cloudConfig)}` },
    { contentType: "text/x-shellscript", filename: "cloudscope-site.sh", body: script },
  ]);
}

const HEPIX_PROLOG = [
  "#!/bin/sh",
  "# HEPiX prolog: apply the site context once, at boot (prolog.sh start)",
  '[ "$1" = start ] || exit 0',
  `. ${HEPIX_CONTEXT_DIR}/context.sh`,
  `mkdir -p /etc/cvmfs /etc/condor/config.d /etc/cloudscope`,
  `printf 'CVMFS_HTTP_PROXY="%s"\\n' "$CVMFS_HTTP_PROXY" > ${CVMFS_CONFIG_PATH}`,
  `printf 'CONDOR_HOST = %s\\n' "$CONDOR_HOST" > ${CONDOR_CONFIG_PATH}`,
  `printf '%s\\n' "$PANDA_QUEUE" > ${PANDA_QUEUE_PATH}`,
  'if [ -n "$NTP_SERVERS" ] && [ -f /etc/ntp.conf ]; then',
  '  for s in $NTP_SERVERS; do grep -q "^server $s" /etc/ntp.conf || echo "server $s iburst" >> /etc/ntp.conf; done',
  "  service ntpd restart >/dev/null 2>&1 || true",
  "fi",
  "if command -v cvmfs_config >/dev/null 2>&1; then cvmfs_config reload; fi",
  "service condor restart >/dev/null 2>&1 || true",
  "",
].join("\n");

/**
 * HEPiX contexts normally arrive on a CD-ROM (context.sh + prolog.sh), but every driver
 * can only pass user data. So, as amiconfig-mime would, we send a MIME multipart: a
 * text/amiconfig part that CernVM images apply natively ([cernvm] proxy, [condor]
 * condor_master), and a text/x-shellscript part that writes context.sh and prolog.sh
 * where hepix_functions copies the CD-ROM and runs `prolog.sh start` once (/etc/contextdone).
 */
function renderHepix(params: SiteParams, vm: ContextVm): string {
  const contextSh = `# HEPiX context (cloudscope)\n${renderEnvFile(listContextVariables(params, vm))}`;
  const eof = pickUnusedMarker("CLOUDSCOPE_EOF", [contextSh, HEPIX_PROLOG]);
  const script = [
    "#!/bin/sh",
    `dir=${HEPIX_CONTEXT_DIR}`,
    'mkdir -p "$dir"',
    `cat > "$dir/context.sh" <<'${eof}'`,
    contextSh + eof,
    `cat > "$dir/prolog.sh" <<'${eof}'`,
    HEPIX_PROLOG + eof,
    'chmod 0600 "$dir/context.sh"; chmod 0755 "$dir/prolog.sh"',
    '[ -e /etc/contextdone ] || { sh "$dir/prolog.sh" start && touch /etc/contextdone; }',
    "",
  ].join("\n");
  // amiconfig reads INI values up to the end of the line; the schema keeps these on one line without spaces.
  const amiconfig = ["[cernvm]", `proxy=${params.cvmfsProxy}`, "[condor]", `condor_master=${params.condorHost}`, ""].join("\n");
  return buildMultipart([
    { contentType: "text/amiconfig", filename: "amiconfig.ini", body: amiconfig },
    { contentType: "text/x-shellscript", filename: "hepix-context.sh", body: script },
  ]);
}

/** Hiera keys under the cloudscope:: namespace, as a `cloudscope` Puppet class would look them up. */
export function buildHieraData(params: SiteParams, vm: ContextVm): { [key: string]: YamlValue } {
  return {
    "cloudscope::vm_name": vm.vmName,
    "cloudscope::cloud_name": vm.cloudName,
    "cloudscope::action_id": vm.actionId,
    "cloudscope::token": vm.token,
    "cloudscope::cvmfs_proxy": params.cvmfsProxy,
    "cloudscope::condor_host": params.condorHost,
    "cloudscope::panda_queue": queueOf(params, vm),
    "cloudscope::ntp_servers": params.ntpServers,
    "cloudscope::ssh_key_names": params.sshKeyNames,
    "cloudscope::extra": Object.fromEntries(Object.entries(params.extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

function renderPuppet(params: SiteParams, vm: ContextVm): string {
  const hiera = `---\n${emitYaml(buildHieraData(params, vm))}`;
  const cloudConfig: { [key: string]: YamlValue } = {
    write_files: [{ path: HIERA_DATA_PATH, permissions: "0600", content: new YamlBlock(hiera) }],
    runcmd: ["/opt/puppetlabs/bin/puppet apply --logdest syslog -e 'include cloudscope'"],
  };
  return buildMultipart([{ contentType: "text/cloud-config", filename: "puppet.yaml", body: `#cloud-config\n${emitYaml(cloudConfig)}` }]);
}

const RENDERERS: Record<ContextMethod, (params: SiteParams, vm: ContextVm) => string> = {
  "cloud-init": renderCloudInit,
  hepix: renderHepix,
  puppet: renderPuppet,
};

export function renderContext(method: ContextMethod, params: SiteParams, vm: ContextVm): RenderedContext {
  const userData = RENDERERS[method](params, vm);
  return { method, userData, bytes: measureBytes(userData) };
}

/** How much user data a cloud takes; each cloud kind's spec states its own. */
export interface ContextSizeLimit {
  limitBytes: number;
  /** Whether the limit counts the base64 text sent on the wire or the raw user data. */
  measured: "base64" | "raw";
  note: string;
}

export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The size as the cloud counts it (raw, or after base64). */
export function measureForCloud(limit: ContextSizeLimit, bytes: number): number {
  return limit.measured === "base64" ? base64Length(bytes) : bytes;
}

/** null when the user data fits the cloud, else a message naming the size and the limit. */
export function checkContextSize(limit: ContextSizeLimit, bytes: number): string | null {
  const measured = measureForCloud(limit, bytes);
  if (measured <= limit.limitBytes) return null;
  const size = limit.measured === "base64" ? `${bytes} bytes (${measured} in base64)` : `${bytes} bytes`;
  return `The contextualization is ${size}, over the limit of ${limit.limitBytes}: ${limit.note}. Shorten the extra values or the lists.`;
}

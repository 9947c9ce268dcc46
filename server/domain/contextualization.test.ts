import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { checkContextSize, renderContext, type ContextVm } from "./contextualization";
import { CONTEXT_METHODS } from "./vocabulary";
import type { SiteParams } from "./site-params";

const params: SiteParams = {
  cvmfsProxy: "http://ca-proxy.cern.ch:3128;DIRECT",
  condorHost: "atlas-cloud-cm.cern.ch:9618",
  pandaQueue: "CERN-PROD_CLOUD",
  defaultFlavor: "m1.large",
  network: "auto",
  sshKeyNames: ["atlas-cloud-ops", "atlas-shifter"],
  ntpServers: ["ip-time-1.cern.ch", "ip-time-2.cern.ch"],
  extra: { FRONTIER_SERVER: "(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)" },
};

const vm: ContextVm = { vmName: "cern-prod-cloud-000042", queue: "", actionId: 42, token: "a42-7", cloudName: "CERN LxCloud" };

interface Part {
  headers: Record<string, string>;
  body: string;
}

/** Splits multipart/mixed the way a MIME reader does: on lines that are exactly --boundary. */
function splitMultipart(userData: string): { boundary: string; parts: Part[] } {
  const boundary = /boundary="([^"]+)"/.exec(userData.split("\n")[0] ?? "")?.[1];
  if (!boundary) throw new Error("no boundary");
  const lines = userData.split("\n");
  const parts: Part[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (line === `--${boundary}` || line === `--${boundary}--`) {
      if (current) parts.push(parsePart(current));
      current = line.endsWith("--") && line !== `--${boundary}` ? null : [];
      continue;
    }
    current?.push(line);
  }
  return { boundary, parts };
}

function parsePart(lines: string[]): Part {
  const blank = lines.indexOf("");
  const headers = Object.fromEntries(lines.slice(0, blank).map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
  return { headers, body: `${lines.slice(blank + 1).join("\n")}\n` };
}

type WriteFile = { path: string; content: string; permissions: string };

function cloudConfigOf(part: Part): { write_files: WriteFile[]; ntp?: { enabled: boolean; servers: string[] }; runcmd?: string[] } {
  expect(part.body.startsWith("#cloud-config\n")).toBe(true);
  return parseYaml(part.body);
}

function fileContent(files: WriteFile[], filePath: string): string | undefined {
  return files.find((f) => f.path === filePath)?.content;
}

/** The body of the heredoc that writes `file` in the HEPiX script. */
function heredocBody(script: string, file: string): { marker: string; body: string } {
  const match = new RegExp(`cat > "\\$dir/${file}" <<'([A-Z_0-9]+)'\\n`).exec(script);
  if (!match?.[1]) throw new Error(`no heredoc for ${file}`);
  const start = (match.index ?? 0) + match[0].length;
  const end = script.indexOf(`\n${match[1]}\n`, start);
  return { marker: match[1], body: script.slice(start, end + 1) };
}

/** Sources an env/context file with /bin/sh and reads the named variables back, NUL-separated. */
function sourceWithSh(text: string, names: string[]): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
  const file = path.join(dir, "context.sh");
  fs.writeFileSync(file, text);
  const out = execFileSync("sh", ["-c", `cd "${dir}" && . ./context.sh && printf '%s\\0' ${names.map((n) => `"$${n}"`).join(" ")}`], { encoding: "utf8" });
  const values = out.split("\0");
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? ""]));
}

describe("renderContext: cloud-init", () => {
  const rendered = renderContext("cloud-init", params, vm);

  it("is the CloudScheduler shape: MIME multipart with cloud-config and a shell script", () => {
    expect(rendered.userData).toMatchInlineSnapshot(`
      "Content-Type: multipart/mixed; boundary="==cloudscope-boundary=="
      MIME-Version: 1.0

      --==cloudscope-boundary==
      Content-Type: text/cloud-config; charset="us-ascii"
      MIME-Version: 1.0
      Content-Transfer-Encoding: 7bit
      Content-Disposition: attachment; filename="cloud_conf.yaml"

      #cloud-config
      write_files:
        - path: "/etc/cvmfs/default.local"
          permissions: "0644"
          content: |
            CVMFS_HTTP_PROXY="http://ca-proxy.cern.ch:3128;DIRECT"
        - path: "/etc/condor/config.d/10-site"
          permissions: "0644"
          content: |
            CONDOR_HOST = atlas-cloud-cm.cern.ch:9618
        - path: "/etc/cloudscope/panda-queue"
          permissions: "0644"
          content: |
            CERN-PROD_CLOUD
        - path: "/etc/cloudscope/site.env"
          permissions: "0600"
          content: |
            VM_NAME="cern-prod-cloud-000042"
            CLOUD_NAME="CERN LxCloud"
            CLOUDSCOPE_ACTION_ID="42"
            CLOUDSCOPE_TOKEN="a42-7"
            CVMFS_HTTP_PROXY="http://ca-proxy.cern.ch:3128;DIRECT"
            CONDOR_HOST="atlas-cloud-cm.cern.ch:9618"
            PANDA_QUEUE="CERN-PROD_CLOUD"
            NTP_SERVERS="ip-time-1.cern.ch ip-time-2.cern.ch"
            SSH_KEY_NAMES="atlas-cloud-ops atlas-shifter"
            FRONTIER_SERVER="(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)"
      ntp:
        enabled: true
        servers:
          - "ip-time-1.cern.ch"
          - "ip-time-2.cern.ch"
      --==cloudscope-boundary==
      Content-Type: text/x-shellscript; charset="us-ascii"
      MIME-Version: 1.0
      Content-Transfer-Encoding: 7bit
      Content-Disposition: attachment; filename="cloudscope-site.sh"

      #!/bin/sh
      # cloudscope: apply the site files written by the cloud-config part
      if command -v cvmfs_config >/dev/null 2>&1; then cvmfs_config setup; cvmfs_config reload; fi
      if command -v condor_reconfig >/dev/null 2>&1; then systemctl restart condor 2>/dev/null || service condor restart; fi
      --==cloudscope-boundary==--
      "
    `);
  });

  it("writes the CVMFS proxy, the Condor central manager and the PanDA queue, with NTP", () => {
    const { parts } = splitMultipart(rendered.userData);
    expect(parts.map((p) => p.headers["content-type"])).toEqual(['text/cloud-config; charset="us-ascii"', 'text/x-shellscript; charset="us-ascii"']);
    const config = cloudConfigOf(parts[0]!);
    expect(fileContent(config.write_files, "/etc/cvmfs/default.local")).toBe('CVMFS_HTTP_PROXY="http://ca-proxy.cern.ch:3128;DIRECT"\n');
    expect(fileContent(config.write_files, "/etc/condor/config.d/10-site")).toBe("CONDOR_HOST = atlas-cloud-cm.cern.ch:9618\n");
    expect(fileContent(config.write_files, "/etc/cloudscope/panda-queue")).toBe("CERN-PROD_CLOUD\n");
    expect(config.ntp).toEqual({ enabled: true, servers: ["ip-time-1.cern.ch", "ip-time-2.cern.ch"] });
    const env = sourceWithSh(fileContent(config.write_files, "/etc/cloudscope/site.env")!, ["VM_NAME", "CLOUDSCOPE_TOKEN", "CLOUDSCOPE_ACTION_ID", "SSH_KEY_NAMES", "FRONTIER_SERVER"]);
    expect(env).toEqual({
      VM_NAME: "cern-prod-cloud-000042",
      CLOUDSCOPE_TOKEN: "a42-7",
      CLOUDSCOPE_ACTION_ID: "42",
      SSH_KEY_NAMES: "atlas-cloud-ops atlas-shifter",
      FRONTIER_SERVER: "(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)",
    });
    expect(parts[1]!.body.startsWith("#!/bin/sh\n")).toBe(true);
  });

  it("counts UTF-8 bytes", () => {
    expect(rendered.bytes).toBe(Buffer.byteLength(rendered.userData, "utf8"));
    const accented = renderContext("cloud-init", { ...params, extra: { SITE: "Orsay — LAL é" } }, vm);
    expect(accented.bytes).toBe(Buffer.byteLength(accented.userData, "utf8"));
    expect(accented.bytes).toBeGreaterThan(accented.userData.length);
    expect(accented.userData).toContain('charset="utf-8"');
  });

  it("uses the launch's queue over the cloud's", () => {
    const config = cloudConfigOf(splitMultipart(renderContext("cloud-init", params, { ...vm, queue: "CERN-PROD_MCORE" }).userData).parts[0]!);
    expect(fileContent(config.write_files, "/etc/cloudscope/panda-queue")).toBe("CERN-PROD_MCORE\n");
  });

  it("leaves NTP out when there are no servers", () => {
    const config = cloudConfigOf(splitMultipart(renderContext("cloud-init", { ...params, ntpServers: [] }, vm).userData).parts[0]!);
    expect(config.ntp).toBeUndefined();
  });
});

describe("renderContext: hepix", () => {
  const rendered = renderContext("hepix", params, vm);

  it("carries context.sh and prolog.sh in an amiconfig-style multipart", () => {
    expect(rendered.userData).toMatchInlineSnapshot(`
      "Content-Type: multipart/mixed; boundary="==cloudscope-boundary=="
      MIME-Version: 1.0

      --==cloudscope-boundary==
      Content-Type: text/amiconfig; charset="us-ascii"
      MIME-Version: 1.0
      Content-Transfer-Encoding: 7bit
      Content-Disposition: attachment; filename="amiconfig.ini"

      [cernvm]
      proxy=http://ca-proxy.cern.ch:3128;DIRECT
      [condor]
      condor_master=atlas-cloud-cm.cern.ch:9618
      --==cloudscope-boundary==
      Content-Type: text/x-shellscript; charset="us-ascii"
      MIME-Version: 1.0
      Content-Transfer-Encoding: 7bit
      Content-Disposition: attachment; filename="hepix-context.sh"

      #!/bin/sh
      dir=/var/lib/hepix/context
      mkdir -p "$dir"
      cat > "$dir/context.sh" <<'CLOUDSCOPE_EOF'
      # HEPiX context (cloudscope)
      VM_NAME="cern-prod-cloud-000042"
      CLOUD_NAME="CERN LxCloud"
      CLOUDSCOPE_ACTION_ID="42"
      CLOUDSCOPE_TOKEN="a42-7"
      CVMFS_HTTP_PROXY="http://ca-proxy.cern.ch:3128;DIRECT"
      CONDOR_HOST="atlas-cloud-cm.cern.ch:9618"
      PANDA_QUEUE="CERN-PROD_CLOUD"
      NTP_SERVERS="ip-time-1.cern.ch ip-time-2.cern.ch"
      SSH_KEY_NAMES="atlas-cloud-ops atlas-shifter"
      FRONTIER_SERVER="(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)"
      CLOUDSCOPE_EOF
      cat > "$dir/prolog.sh" <<'CLOUDSCOPE_EOF'
      #!/bin/sh
      # HEPiX prolog: apply the site context once, at boot (prolog.sh start)
      [ "$1" = start ] || exit 0
      . /var/lib/hepix/context/context.sh
      mkdir -p /etc/cvmfs /etc/condor/config.d /etc/cloudscope
      printf 'CVMFS_HTTP_PROXY="%s"\\n' "$CVMFS_HTTP_PROXY" > /etc/cvmfs/default.local
      printf 'CONDOR_HOST = %s\\n' "$CONDOR_HOST" > /etc/condor/config.d/10-site
      printf '%s\\n' "$PANDA_QUEUE" > /etc/cloudscope/panda-queue
      if [ -n "$NTP_SERVERS" ] && [ -f /etc/ntp.conf ]; then
        for s in $NTP_SERVERS; do grep -q "^server $s" /etc/ntp.conf || echo "server $s iburst" >> /etc/ntp.conf; done
        service ntpd restart >/dev/null 2>&1 || true
      fi
      if command -v cvmfs_config >/dev/null 2>&1; then cvmfs_config reload; fi
      service condor restart >/dev/null 2>&1 || true
      CLOUDSCOPE_EOF
      chmod 0600 "$dir/context.sh"; chmod 0755 "$dir/prolog.sh"
      [ -e /etc/contextdone ] || { sh "$dir/prolog.sh" start && touch /etc/contextdone; }
      --==cloudscope-boundary==--
      "
    `);
  });

  it("gives CernVM's amiconfig the proxy and the central manager", () => {
    const { parts } = splitMultipart(rendered.userData);
    expect(parts.map((p) => p.headers["content-type"])).toEqual(['text/amiconfig; charset="us-ascii"', 'text/x-shellscript; charset="us-ascii"']);
    expect(parts[0]!.body).toBe("[cernvm]\nproxy=http://ca-proxy.cern.ch:3128;DIRECT\n[condor]\ncondor_master=atlas-cloud-cm.cern.ch:9618\n");
  });

  it('writes a context.sh of VAR="value" lines that sh reads back exactly', () => {
    const script = splitMultipart(rendered.userData).parts[1]!.body;
    const { body } = heredocBody(script, "context.sh");
    for (const line of body.split("\n").filter((l) => l !== "" && !l.startsWith("#"))) expect(line).toMatch(/^[A-Za-z_][A-Za-z0-9_]*=".*"$/);
    expect(sourceWithSh(body, ["CVMFS_HTTP_PROXY", "CONDOR_HOST", "PANDA_QUEUE", "NTP_SERVERS", "VM_NAME", "CLOUDSCOPE_TOKEN", "FRONTIER_SERVER"])).toEqual({
      CVMFS_HTTP_PROXY: "http://ca-proxy.cern.ch:3128;DIRECT",
      CONDOR_HOST: "atlas-cloud-cm.cern.ch:9618",
      PANDA_QUEUE: "CERN-PROD_CLOUD",
      NTP_SERVERS: "ip-time-1.cern.ch ip-time-2.cern.ch",
      VM_NAME: "cern-prod-cloud-000042",
      CLOUDSCOPE_TOKEN: "a42-7",
      FRONTIER_SERVER: "(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)",
    });
    expect(heredocBody(script, "prolog.sh").body).toContain(". /var/lib/hepix/context/context.sh");
    expect(script).toContain('sh "$dir/prolog.sh" start');
  });

  it("is a script sh can parse", () => {
    const script = splitMultipart(rendered.userData).parts[1]!.body;
    expect(spawnSync("sh", ["-n"], { input: script }).status).toBe(0);
  });
});

describe("renderContext: puppet", () => {
  const rendered = renderContext("puppet", params, vm);

  it("wraps hiera data in a cloud-config part that runs puppet apply", () => {
    expect(rendered.userData).toMatchInlineSnapshot(`
      "Content-Type: multipart/mixed; boundary="==cloudscope-boundary=="
      MIME-Version: 1.0

      --==cloudscope-boundary==
      Content-Type: text/cloud-config; charset="us-ascii"
      MIME-Version: 1.0
      Content-Transfer-Encoding: 7bit
      Content-Disposition: attachment; filename="puppet.yaml"

      #cloud-config
      write_files:
        - path: "/etc/puppetlabs/code/hieradata/cloudscope.yaml"
          permissions: "0600"
          content: |
            ---
            cloudscope::vm_name: "cern-prod-cloud-000042"
            cloudscope::cloud_name: "CERN LxCloud"
            cloudscope::action_id: 42
            cloudscope::token: "a42-7"
            cloudscope::cvmfs_proxy: "http://ca-proxy.cern.ch:3128;DIRECT"
            cloudscope::condor_host: "atlas-cloud-cm.cern.ch:9618"
            cloudscope::panda_queue: "CERN-PROD_CLOUD"
            cloudscope::ntp_servers:
              - "ip-time-1.cern.ch"
              - "ip-time-2.cern.ch"
            cloudscope::ssh_key_names:
              - "atlas-cloud-ops"
              - "atlas-shifter"
            cloudscope::extra:
              FRONTIER_SERVER: "(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)"
      runcmd:
        - "/opt/puppetlabs/bin/puppet apply --logdest syslog -e 'include cloudscope'"
      --==cloudscope-boundary==--
      "
    `);
  });

  it("writes the cloudscope:: hiera keys", () => {
    const { parts } = splitMultipart(rendered.userData);
    expect(parts).toHaveLength(1);
    const config = cloudConfigOf(parts[0]!);
    expect(config.runcmd).toEqual(["/opt/puppetlabs/bin/puppet apply --logdest syslog -e 'include cloudscope'"]);
    const hiera = parseYaml(fileContent(config.write_files, "/etc/puppetlabs/code/hieradata/cloudscope.yaml")!);
    expect(hiera).toEqual({
      "cloudscope::vm_name": "cern-prod-cloud-000042",
      "cloudscope::cloud_name": "CERN LxCloud",
      "cloudscope::action_id": 42,
      "cloudscope::token": "a42-7",
      "cloudscope::cvmfs_proxy": "http://ca-proxy.cern.ch:3128;DIRECT",
      "cloudscope::condor_host": "atlas-cloud-cm.cern.ch:9618",
      "cloudscope::panda_queue": "CERN-PROD_CLOUD",
      "cloudscope::ntp_servers": ["ip-time-1.cern.ch", "ip-time-2.cern.ch"],
      "cloudscope::ssh_key_names": ["atlas-cloud-ops", "atlas-shifter"],
      "cloudscope::extra": { FRONTIER_SERVER: "(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)" },
    });
  });
});

describe("renderContext with hostile values", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-pwn-"));
  const pwned = path.join(dir, "pwned");
  const nasty = `a"b'c $(touch ${pwned}) \`touch ${pwned}\` \\ $HOME \\"\nCLOUDSCOPE_EOF\ntouch ${pwned}\n--==cloudscope-boundary==\n#cloud-config\r\tend\u0085\u2028 é`;
  const hostile: SiteParams = { ...params, extra: { NASTY: nasty, yes: "on" } };
  const hostileVm: ContextVm = { ...vm, vmName: `vm"; touch ${pwned}; "`, cloudName: "it's $(here)" };

  it("keeps every method's MIME structure: the boundary changes instead of being injected", () => {
    for (const method of CONTEXT_METHODS) {
      const { userData } = renderContext(method, hostile, hostileVm);
      const { boundary, parts } = splitMultipart(userData);
      expect(boundary).toBe("==cloudscope-boundary==1");
      expect(parts).toHaveLength(method === "puppet" ? 1 : 2);
    }
  });

  it("shell-quotes context.sh so sourcing it runs nothing and yields the exact values", () => {
    const script = splitMultipart(renderContext("hepix", hostile, hostileVm).userData).parts[1]!.body;
    const { marker, body } = heredocBody(script, "context.sh");
    expect(marker).toBe("CLOUDSCOPE_EOF1");
    expect(script).not.toContain("\nCLOUDSCOPE_EOF1\ntouch");
    expect(body).toContain('NASTY="a\\"b\'c \\$(touch');
    expect(sourceWithSh(body, ["NASTY", "VM_NAME", "CLOUD_NAME", "yes"])).toEqual({ NASTY: nasty, VM_NAME: hostileVm.vmName, CLOUD_NAME: "it's $(here)", yes: "on" });
    expect(spawnSync("sh", ["-n"], { input: script }).status).toBe(0);
    expect(fs.existsSync(pwned)).toBe(false);
  });

  it("YAML-quotes cloud-config so the files hold the exact text, and shell-quotes inside them", () => {
    const config = cloudConfigOf(splitMultipart(renderContext("cloud-init", hostile, hostileVm).userData).parts[0]!);
    const env = fileContent(config.write_files, "/etc/cloudscope/site.env")!;
    expect(sourceWithSh(env, ["NASTY", "VM_NAME"])).toEqual({ NASTY: nasty, VM_NAME: hostileVm.vmName });
    expect(fs.existsSync(pwned)).toBe(false);
  });

  it("YAML-quotes hiera values and keys YAML 1.1 would misread", () => {
    const config = cloudConfigOf(splitMultipart(renderContext("puppet", hostile, hostileVm).userData).parts[0]!);
    const hieraText = fileContent(config.write_files, "/etc/puppetlabs/code/hieradata/cloudscope.yaml")!;
    expect(hieraText).toContain('"yes": "on"');
    const hiera = parseYaml(hieraText);
    expect(hiera["cloudscope::extra"]).toEqual({ NASTY: nasty, yes: "on" });
    expect(hiera["cloudscope::vm_name"]).toBe(hostileVm.vmName);
  });

  const python = spawnSync("python3", ["-c", "import yaml"]).status === 0;
  it.skipIf(!python)("reads back identically with PyYAML, the YAML 1.1 parser cloud-init uses", () => {
    const rendered = renderContext("puppet", hostile, hostileVm).userData;
    const cloudConfig = splitMultipart(rendered).parts[0]!.body;
    const program = [
      "import sys, json, yaml",
      "doc = yaml.safe_load(sys.stdin.read())",
      "hiera = yaml.safe_load(doc['write_files'][0]['content'])",
      "print(json.dumps(hiera['cloudscope::extra']))",
    ].join("\n");
    const out = execFileSync("python3", ["-c", program], { input: cloudConfig, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ NASTY: nasty, yes: "on" });
  });
});

describe("checkContextSize", () => {
  const base64Limit = { limitBytes: 65_535, measured: "base64", note: "Nova takes user_data base64-encoded, at most 65535 bytes" } as const;
  const rawLimit = { limitBytes: 16_384, measured: "raw", note: "EC2 takes at most 16384 bytes of UserData before base64" } as const;

  it("measures a base64 limit on the base64 text", () => {
    expect(checkContextSize(base64Limit, 49_149)).toBeNull(); // 65532 in base64
    expect(checkContextSize(base64Limit, 49_152)).toBe(
      "The contextualization is 49152 bytes (65536 in base64), over the limit of 65535: Nova takes user_data base64-encoded, at most 65535 bytes. Shorten the extra values or the lists.",
    );
  });

  it("measures a raw limit on the bytes themselves", () => {
    expect(checkContextSize(rawLimit, 16_384)).toBeNull();
    expect(checkContextSize(rawLimit, 16_385)).toMatch(/^The contextualization is 16385 bytes, over the limit of 16384: EC2/);
  });

  it("catches a context swollen by extra values before it reaches the cloud", () => {
    const extra = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`BIG_${i}`, "x".repeat(1000)]));
    const { bytes } = renderContext("cloud-init", { ...params, extra }, vm);
    expect(bytes).toBeGreaterThan(16_384);
    expect(checkContextSize(rawLimit, bytes)).toContain("16384");
    expect(checkContextSize(base64Limit, bytes)).toBeNull();
  });
});

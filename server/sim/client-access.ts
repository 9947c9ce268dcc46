import type { SimEndpoint } from "./core/endpoint";

/** How a person reaches one demo cloud with the provider's own tools: environment and a snippet to paste. */
export interface ClientAccess {
  env: Record<string, string>;
  snippet: string;
}

export function describeClientAccess(endpoint: SimEndpoint): ClientAccess {
  const c = endpoint.credentials;
  switch (endpoint.kind) {
    case "openstack":
      // What an openrc file sets; the auth type is the default, password.
      return withExports(
        {
          OS_AUTH_URL: endpoint.url,
          OS_IDENTITY_API_VERSION: "3",
          OS_USERNAME: c.username ?? "",
          OS_PASSWORD: c.password ?? "",
          OS_USER_DOMAIN_NAME: c.userDomain ?? "",
          OS_PROJECT_NAME: c.project ?? "",
          OS_PROJECT_DOMAIN_NAME: c.projectDomain ?? "",
          OS_REGION_NAME: endpoint.region ?? "",
          OS_INTERFACE: "public",
        },
        "openstack server list",
      );
    case "ec2":
      return withExports(
        { AWS_ACCESS_KEY_ID: c.accessKeyId ?? "", AWS_SECRET_ACCESS_KEY: c.secretAccessKey ?? "", AWS_DEFAULT_REGION: endpoint.region ?? "" },
        `aws --endpoint-url ${endpoint.url} ec2 describe-instances`,
      );
    case "opennebula":
      // The OpenNebula tools read the endpoint from ONE_XMLRPC and "user:password" from the ONE_AUTH file.
      return withExports({ ONE_XMLRPC: endpoint.url }, `echo '${c.username}:${c.password}' > ~/.one/one_auth && onevm list`);
    case "cloudsigma":
      return withExports({}, `curl -u '${c.email}:${c.password}' ${endpoint.url}servers/detail/`);
  }
}

function withExports(env: Record<string, string>, example: string): ClientAccess {
  const exports = Object.entries(env).map(([name, value]) => `export ${name}=${shellQuote(value)}`);
  return { env, snippet: [...exports, `# then: ${example}`].join("\n") };
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

import packageJson from "../../package.json";

/** The product's name and version as released (package.json), for the footer and the web manifest's page. */
export const PRODUCT = { name: packageJson.name, version: packageJson.version, description: packageJson.description } as const;

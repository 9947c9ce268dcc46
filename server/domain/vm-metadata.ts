/**
 * Metadata keys cloudscope writes on a VM at its provider. Drivers read them back (a VM
 * carrying the drain key while running is "draining"); the VM's job agent reads the drain
 * key to stop taking jobs; the launch token lets a retried launch find a VM it already made.
 */
export const DRAIN_METADATA_KEY = "cloudscope_drain";
export const TOKEN_METADATA_KEY = "cloudscope_token";
export const ACTION_METADATA_KEY = "cloudscope_action";
/** The PanDA queue the VM's pilot serves; reconcile reads it back into vm.queue. */
export const QUEUE_METADATA_KEY = "panda_queue";

/**
 * Properties (tags, labels) cloudscope writes on an image it publishes: the catalogue
 * version's UUID, by which a resumed publish finds its copy and the classifier matches
 * VMs to versions, and a readable "name version".
 */
export const IMAGE_VERSION_ID_PROPERTY = "cloudscope_version_id";
export const IMAGE_VERSION_LABEL_PROPERTY = "cloudscope_version";

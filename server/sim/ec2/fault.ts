/** An EC2 error: HTTP status, the error code clients switch on, and its message. */
export class Ec2Fault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalidValue = (message: string) => new Ec2Fault(400, "InvalidParameterValue", message);
export const missing = (name: string) => new Ec2Fault(400, "MissingParameter", `The request must contain the parameter ${name}`);

export function instanceNotFound(ids: string[]): Ec2Fault {
  const message = ids.length === 1 ? `The instance ID '${ids[0]}' does not exist` : `The instance IDs '${ids.join(", ")}' do not exist`;
  return new Ec2Fault(400, "InvalidInstanceID.NotFound", message);
}

export function throwing(fault: Ec2Fault): never {
  throw fault;
}

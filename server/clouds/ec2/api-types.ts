import { z } from "zod";

/** The SDK's parsed outputs, checked for the fields we rely on (the SDK itself enforces none). */

export const ec2TagSchema = z.object({ Key: z.string(), Value: z.string().default("") });

export const ec2InstanceSchema = z.object({
  InstanceId: z.string().min(1),
  State: z.object({ Code: z.number().int(), Name: z.string() }),
  StateReason: z.object({ Code: z.string().optional(), Message: z.string().optional() }).optional(),
  InstanceType: z.string().optional(),
  ImageId: z.string().optional(),
  PrivateIpAddress: z.string().optional(),
  LaunchTime: z.date().optional(),
  Tags: z.array(ec2TagSchema).default([]),
});
export type Ec2Instance = z.infer<typeof ec2InstanceSchema>;

export const describeInstancesOutputSchema = z.object({
  Reservations: z.array(z.object({ Instances: z.array(ec2InstanceSchema) })),
  NextToken: z.string().optional(),
});

export const runInstancesOutputSchema = z.object({
  Instances: z.array(z.object({ InstanceId: z.string().min(1) })).min(1),
});

export const ec2ImageSchema = z.object({
  ImageId: z.string().min(1),
  Name: z.string().optional(),
  ImageLocation: z.string().optional(),
  State: z.string().optional(),
  ImageType: z.string().optional(),
});
export type Ec2Image = z.infer<typeof ec2ImageSchema>;

export const describeImagesOutputSchema = z.object({ Images: z.array(ec2ImageSchema) });

export const importImageOutputSchema = z.object({ ImportTaskId: z.string().min(1) });

export const describeImportImageTasksOutputSchema = z.object({
  ImportImageTasks: z.array(z.object({ ImportTaskId: z.string(), Status: z.string(), StatusMessage: z.string().optional(), ImageId: z.string().optional() })),
});

export const describeAccountAttributesOutputSchema = z.object({
  AccountAttributes: z.array(
    z.object({
      AttributeName: z.string(),
      AttributeValues: z.array(z.object({ AttributeValue: z.string() })).default([]),
    }),
  ),
});

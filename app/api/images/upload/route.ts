import { handleImageUpload } from "@/server/images/handle-image-upload";

export const dynamic = "force-dynamic";

export { handleImageUpload as POST };

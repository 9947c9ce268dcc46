import { createRouter, publicProcedure } from "@/server/trpc/init";
import { PERMISSIONS, isAllowed, type Permission } from "@/server/trpc/permissions";

const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export const sessionRouter = createRouter({
  /** Who is signed in, and what they may do (so the UI can hide the rest); null when nobody is. */
  me: publicProcedure.query(({ ctx }) => {
    const { actor } = ctx;
    if (!actor) return null;
    return { id: actor.id, name: actor.name, role: actor.role, permissions: ALL_PERMISSIONS.filter((p) => isAllowed(actor.role, p)) };
  }),
});

import { createUser, createUserInput } from "@/server/services/create-user";
import { listUsers } from "@/server/services/list-users";
import { setUserDisabled, setUserDisabledInput } from "@/server/services/set-user-disabled";
import { setUserRole, setUserRoleInput } from "@/server/services/set-user-role";
import { unlockSignIn, unlockSignInInput } from "@/server/services/unlock-sign-in";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const usersRouter = createRouter({
  list: guardedProcedure("users.manage").query(({ ctx }) => listUsers({ db: ctx.db })),
  create: guardedProcedure("users.manage")
    .input(createUserInput)
    .mutation(({ ctx, input }) => createUser({ db: ctx.db, actor: ctx.actor, input })),
  setRole: guardedProcedure("users.manage")
    .input(setUserRoleInput)
    .mutation(({ ctx, input }) => setUserRole({ db: ctx.db, actor: ctx.actor, input })),
  setDisabled: guardedProcedure("users.manage")
    .input(setUserDisabledInput)
    .mutation(({ ctx, input }) => setUserDisabled({ db: ctx.db, actor: ctx.actor, input })),
  unlockSignIn: guardedProcedure("users.unlockSignIn")
    .input(unlockSignInInput)
    .mutation(({ ctx, input }) => unlockSignIn({ db: ctx.db, actor: ctx.actor, input })),
});

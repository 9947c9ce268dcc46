/** The product's name and version on every page, so a screenshot or a bug report says what ran. */
export function SiteFooter({ name, version }: { name: string; version: string }) {
  return (
    <footer className="mx-auto flex max-w-[2560px] items-center gap-2 px-4 pt-2 pb-4 text-xs text-zinc-500 dark:text-zinc-400">
      {/* eslint-disable-next-line @next/next/no-img-element -- a 16 px static icon needs no optimisation */}
      <img src="/brand/icon.svg" alt="" width={16} height={16} />
      <span data-testid="product-version">
        {name} {version}
      </span>
    </footer>
  );
}

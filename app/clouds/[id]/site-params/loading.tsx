import { SiteParamsSkeleton } from "@/components/site-params/site-params-page";

export default function SiteParamsLoading() {
  return <SiteParamsSkeleton />;
}

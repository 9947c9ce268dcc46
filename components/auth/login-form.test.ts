import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LoginForm } from "./login-form";

const oidc = { providerId: "oidc", label: "CERN SSO" };

function render(localLogin: boolean, ssoRefusal: string | null = null): string {
  return renderToStaticMarkup(createElement(LoginForm, { next: "/", oidc, localLogin, ssoRefusal }));
}

describe("the sign-in form", () => {
  it("with local sign-in off, leads with single sign-on and folds the password form away under Break-glass admin", () => {
    const html = render(false);
    const details = html.slice(html.indexOf("<details"));
    expect(html.indexOf("Sign in with CERN SSO")).toBeLessThan(html.indexOf("<details"));
    expect(details).toMatch(/^<details[^>]*><summary[^>]*>Break-glass admin<\/summary>/);
    expect(details).toContain('name="password"');
    expect(html.slice(0, html.indexOf("<details"))).not.toContain('name="password"');
    expect(html).not.toMatch(/<details[^>]* open/);
  });

  it("with local sign-in on, shows the password form first and no break-glass fold", () => {
    const html = render(true);
    expect(html.indexOf('name="password"')).toBeLessThan(html.indexOf("Sign in with CERN SSO"));
    expect(html).not.toContain("Break-glass admin");
  });

  it("says why the provider's last answer was refused", () => {
    expect(render(false, "Your account is in none of the groups.")).toMatch(/role="alert"[^>]*>Your account is in none of the groups\.</);
  });
});

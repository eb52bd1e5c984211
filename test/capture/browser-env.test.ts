import { describe, expect, it } from "vitest";
import { browserEnvironment, secretVariables } from "../../src/capture/browser.ts";

/** What of somarkiv's environment the browser, which opens pages nobody here controls, is given. */
describe("browserEnvironment", () => {
  it("gives what Chromium needs and nothing that is, or is named as, a secret", () => {
    const env = {
      PATH: "/usr/bin", HOME: "/var/lib/somarkiv", LANG: "sv_SE.UTF-8", LC_ALL: "sv_SE.UTF-8", TZ: "Europe/Stockholm", TMPDIR: "/tmp",
      XDG_RUNTIME_DIR: "/run/user/998", FONTCONFIG_PATH: "/etc/fonts", DISPLAY: ":0", https_proxy: "http://proxy.kommun.se:3128",
      AWS_SECRET_ACCESS_KEY: "x", AWS_ACCESS_KEY_ID: "y", SOMARKIV_INTAKE_TOKEN: "t", SOMARKIV_SMTP_URL: "smtp://u:p@smtp.example.se", NODE_OPTIONS: "--inspect",
      // As a configuration may name them: allowed by their form, kept out by name, by what they say, or by what they hold.
      XDG_INTAKE: "tokenEnv's", PW_API_KEY: "k", HTTP_PROXY: "http://user:pass@proxy.kommun.se:3128",
    };
    expect(browserEnvironment(env, ["XDG_INTAKE"])).toEqual({
      PATH: "/usr/bin", HOME: "/var/lib/somarkiv", LANG: "sv_SE.UTF-8", LC_ALL: "sv_SE.UTF-8", TZ: "Europe/Stockholm", TMPDIR: "/tmp",
      XDG_RUNTIME_DIR: "/run/user/998", FONTCONFIG_PATH: "/etc/fonts", DISPLAY: ":0", https_proxy: "http://proxy.kommun.se:3128",
    });
  });

  it("names the variables of the configuration's intakes that hold secrets", () => {
    expect(secretVariables({ intake: [
      { type: "directory", path: "intake" },
      { type: "email", to: "r@k.se", from: "s@k.se", smtpUrlEnv: "MAIL_URL" },
      { type: "http", url: "https://diarium.k.se/intake", tokenEnv: "DIARIUM" },
      { type: "http", url: "https://open.k.se/intake" },
    ] })).toEqual(["MAIL_URL", "DIARIUM"]);
  });
});

import { parseConfig, ConfigError } from "./src/config/index.ts";
const H = "organisation:\n  name: X\naccounts:\n  - id: a\n    name: A\n    platform: facebook\n    url: https://x.se/a\n";
const cases: Record<string,string> = {
  dash: H + "    id: vimeo-kommun\n    name: Vimeo\n    platform: vimeo\n    url: https://vimeo.com/k\n    purpose: x\n",
  tabstart: H + "\tpurpose: x\n    audience: y\n",
  tabindent: H + "  \t  purpose: x\n    audience: y\n",
  nospace: H + "    purpose:youtube\n    audience: y\n",
  colon: H + "    purpose: Ungdomens hus: information om aktiviteter\n    audience: y\n",
  at: H.replace("name: A", "name: @ungdomenshus"),
  tick: H.replace("name: A", "name: `ungdomenshus"),
  quote: H.replace("name: A", "name: 'Ungdomens' hus"),
  dquote: H.replace("name: A", 'name: "Ungdomens" hus'),
  id: H + "  - id: Facebook-Kommun\n    name: B\n    platform: facebook\n    url: https://x.se/b\n".replace("Facebook-Kommun","A"),
};
for (const [k, t] of Object.entries(cases)) {
  try { parseConfig(t, "/f.yaml"); console.log(k, "OK"); } catch (e) { console.log(k, (e as ConfigError).problems); }
}

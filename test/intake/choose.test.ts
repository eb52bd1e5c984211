import { describe, expect, it } from "vitest";
import { chooseIntake } from "../../src/intake/choose.ts";

/**
 * The intake `deliver --again ID --intake NAME` sends to: named by its kind only when that names one,
 * by its address as a person writes it, or by the log's own name; anything else refused with the list.
 */
const CWD = "/srv/somarkiv";
const FOLDER = "directory:/srv/somarkiv/inkorg";
const REGISTRATOR = "email:registrator@overkalix.se";
const DIARIET = "email:diariet@overkalix.se";
const HTTP = "http:https://diarium.overkalix.se/api/intake";

const chosen = (targets: string[], asked: string) => chooseIntake(targets, asked, CWD);

describe("chooseIntake", () => {
  it("a kind with one intake names it; with two it names neither, and the refusal lists both by their addresses", () => {
    expect(chosen([FOLDER, REGISTRATOR], "email")).toEqual({ target: REGISTRATOR });
    const two = chosen([FOLDER, REGISTRATOR, DIARIET], "email");
    expect(two).not.toHaveProperty("target");
    const problem = (two as { problem: string }).problem;
    expect(problem).toContain(`the configuration has 2 intakes of the kind "email", so the name does not say which; name it by its address.`);
    expect(problem).toContain("e-mail to registrator@overkalix.se: --intake email (or registrator@overkalix.se)");
    expect(problem).toContain("e-mail to diariet@overkalix.se: --intake email (or diariet@overkalix.se)");
    // Each is still named by its own address.
    expect(chosen([FOLDER, REGISTRATOR, DIARIET], "diariet@overkalix.se")).toEqual({ target: DIARIET });
  });

  it("a kind the configuration has none of is refused, naming the intakes it has", () => {
    expect(chosen([FOLDER, REGISTRATOR], "http")).toEqual({
      problem: `the configuration has no http intake. The intakes are: the folder /srv/somarkiv/inkorg: --intake folder (or /srv/somarkiv/inkorg); e-mail to registrator@overkalix.se: --intake email (or registrator@overkalix.se)`,
    });
  });

  it("an HTTP intake is named by its URL with or without a trailing slash", () => {
    expect(chosen([FOLDER, HTTP], "https://diarium.overkalix.se/api/intake")).toEqual({ target: HTTP });
    expect(chosen([FOLDER, HTTP], "https://diarium.overkalix.se/api/intake/")).toEqual({ target: HTTP });
    expect(chosen([FOLDER, "http:https://diarium.overkalix.se/api/intake/"], "https://diarium.overkalix.se/api/intake")).toEqual({ target: "http:https://diarium.overkalix.se/api/intake/" });
  });

  it("an e-mail address is named in any case, as addresses are", () => {
    expect(chosen([FOLDER, REGISTRATOR, DIARIET], "Registrator@Overkalix.SE")).toEqual({ target: REGISTRATOR });
  });

  it("a folder is named by its path from the working folder, or whole", () => {
    expect(chosen([FOLDER, REGISTRATOR], "inkorg")).toEqual({ target: FOLDER });
    expect(chosen([FOLDER, REGISTRATOR], "./inkorg/")).toEqual({ target: FOLDER });
    expect(chosen([FOLDER, REGISTRATOR], "/srv/somarkiv/inkorg")).toEqual({ target: FOLDER });
    expect(chooseIntake([FOLDER, REGISTRATOR], "../inkorg", "/srv/somarkiv/log")).toEqual({ target: FOLDER });
  });

  it("the log's own name of an intake names it", () => {
    expect(chosen([FOLDER, REGISTRATOR, DIARIET], "email:diariet@overkalix.se")).toEqual({ target: DIARIET });
    expect(chosen([FOLDER, REGISTRATOR], " directory:/srv/somarkiv/inkorg ")).toEqual({ target: FOLDER });
  });

  it("an unknown name is refused with every intake and how to name it", () => {
    expect(chosen([FOLDER, REGISTRATOR, HTTP], "diariet")).toEqual({
      problem: `no intake is named "diariet". The intakes are: the folder /srv/somarkiv/inkorg: --intake folder (or /srv/somarkiv/inkorg); e-mail to registrator@overkalix.se: --intake email (or registrator@overkalix.se); the HTTP intake https://diarium.overkalix.se/api/intake: --intake http (or https://diarium.overkalix.se/api/intake)`,
    });
  });
});

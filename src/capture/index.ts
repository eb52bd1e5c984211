export { launchBrowser, launchFirst, browserSupply, secretVariables, type BrowserSupply, findChromium, findChromiums, leaveSignalsToCaller, type BrowserHandle } from "./browser.ts";
export { captureAccount, preflightAccount, type PreflightResult } from "./capture.ts";
export { saveLoginSession, type LoginSessionOptions } from "./session.ts";
export { sessionReadableByOthers } from "./session-file.ts";
export { isBlank, isLoginWall, planBands, classifyNavigationError, forAccount, asShownAdvice, CONSENT_EN, type AskedAgain } from "./decisions.ts";
export { fontAdvice } from "./font-packages.ts";
export * from "./types.ts";
export { tempFolder, tempFolderNotWritable, tempFolderSaid, type TempFolder } from "./temp-folder.ts";

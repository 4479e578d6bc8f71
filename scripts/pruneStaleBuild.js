"use strict";
// Runs before `npm run build`: deletes the outputs in bin/components whose source file is gone (a
// moved or removed .ts), so that a stale module can never shadow a new one in the packed tarball.
// Only stale files are removed, not the whole of bin/, so a concurrent reader never finds it empty.
const fs = require("fs");
const path = require("path");

const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

for (const file of fs.existsSync("bin/components") ? walk("bin/components") : []) {
    const source = path.relative("bin", file).replace(/(\.d\.ts|\.js\.map|\.js)$/, ".ts");
    if (!fs.existsSync(source)) {
        fs.rmSync(file);
    }
}

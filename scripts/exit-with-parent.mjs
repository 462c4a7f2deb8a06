// Preloaded (`node --import`) into the server that `npm start` runs. start.mjs holds the other
// end of a pipe on the server's fd SWITCHBOARD_PARENT_FD: when start.mjs is gone, however it
// went (SIGKILL included), the pipe closes and the server stops as SIGTERM stops it, instead of
// serving on without the database that start.mjs ran for it.
import net from "node:net";

const fd = Number(process.env.SWITCHBOARD_PARENT_FD);
delete process.env.SWITCHBOARD_PARENT_FD; // not for the server's own children
if (fd) {
  const parent = new net.Socket({ fd, readable: true, writable: false });
  parent.on("error", () => {}); // a closed pipe is what we wait for, not an error
  parent.once("close", () => process.kill(process.pid, "SIGTERM"));
  parent.resume();
  parent.unref(); // waiting for it must not keep the server alive
}
// A closed terminal sends SIGHUP, which the server does not handle: stop as on SIGTERM.
process.on("SIGHUP", () => process.kill(process.pid, "SIGTERM"));

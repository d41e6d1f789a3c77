// How people group a phone number when they say it, from the right: 2, 2, 3, then 2s while more
// than 3 are left (050 123 45 67, 50 123 45 67, 994 50 123 45 67). Numbers of up to 4 digits
// (108, 1655) are one group: hotline numbers are said as numbers.

export function phoneGroups(number: string): string[] {
  const digits = number.replace(/\D/g, '');
  if (digits.length <= 4) return digits ? [digits] : [];
  const groups: string[] = [];
  let rest = digits;
  const take = (n: number) => {
    groups.unshift(rest.slice(-n));
    rest = rest.slice(0, -n);
  };
  take(2);
  take(2);
  if (rest.length > 3) take(3);
  while (rest.length > 3) take(2);
  if (rest) groups.unshift(rest);
  return groups;
}

/**
 * Sets `key` as the newest entry of an insertion-ordered map and drops the oldest once the map
 * holds more than `max`: the bound of the per-server caches (sessions, database tokens, clients).
 */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

const PART_SIZE = 5 * 1024 * 1024;

export async function uploadFile(file, url, onProgress) {
  const partCount = Math.ceil(file.size / PART_SIZE);
  for (let i = 0; i < partCount; i++) {
    const start = i * PART_SIZE;
    const blob = file.slice(start, start + PART_SIZE);
    const res = await fetch(`${url}?part=${i}`, { method: "PUT", body: blob });
    if (!res.ok) {
      throw new Error(`part ${i} failed with ${res.status}`);
    }
    onProgress?.((i + 1) / partCount);
  }

  const done = await fetch(`${url}/complete?chunks=${partCount}`, { method: "POST" });
  if (!done.ok) {
    throw new Error(`completing upload failed with ${done.status}`);
  }
  return done.json();
}

export function mergeParts(parts) {
  const chunks = [...parts].sort((a, b) => a.index - b.index).map((p) => p.data);
  return new Blob(chunks);
}

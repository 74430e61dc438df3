import { describe, expect, it } from 'vitest';
import { escape, safeUrl } from '../src/escape.js';
import { renderMarkdown } from '../src/block.js';

describe('escape', () => {
  it('escapes HTML metacharacters', () => {
    expect(escape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('neutralises script URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' JavaScript:alert(1)')).toBe('#');
    expect(safeUrl('https://example.com/?a=1&b=2')).toBe('https://example.com/?a=1&amp;b=2');
  });
});

describe('renderMarkdown', () => {
  it('renders headings, paragraphs and lists', () => {
    expect(renderMarkdown('# Title\n\nsome *text*\n\n- one\n- two')).toBe(
      '<h1>Title</h1>\n<p>some <em>text</em></p>\n<ul><li>one</li><li>two</li></ul>',
    );
  });

  it('escapes raw HTML in text and code', () => {
    expect(renderMarkdown('<script>x</script> `<b>`')).toBe(
      '<p>&lt;script&gt;x&lt;/script&gt; <code>&lt;b&gt;</code></p>',
    );
  });

  it('keeps fenced code verbatim', () => {
    expect(renderMarkdown('```js\nconst a = 1 < 2;\n```')).toBe(
      '<pre><code class="language-js">const a = 1 &lt; 2;</code></pre>',
    );
  });
});

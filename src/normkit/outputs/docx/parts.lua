-- normkit: in criterion text, the first lettered list holds the criterion's parts (a, b, c).
-- Give its items the "Criterion Part" Word style (pandoc styles only Para, not Plain).
function Div(el)
  if el.attributes["custom-style"] ~= "Criterion Text" then
    return nil
  end
  for index, block in ipairs(el.content) do
    if block.t == "OrderedList" and block.listAttributes.style == "LowerAlpha" then
      for _, item in ipairs(block.content) do
        if item[1] and item[1].t == "Plain" then
          item[1] = pandoc.Para(item[1].content)
        end
      end
      el.content[index] = pandoc.Div({block}, pandoc.Attr("", {}, {["custom-style"] = "Criterion Part"}))
      return el
    end
  end
  return el
end

-- <div id="nk-toc"></div> marks where the table of contents goes: after the cover, on a new page.
local TOC = [[
<w:p><w:r><w:br w:type="page"/></w:r></w:p>
<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>
<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t xml:space="preserve">Contents</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/><w:instrText xml:space="preserve">TOC \o "1-3" \h \z \u</w:instrText><w:fldChar w:fldCharType="separate"/><w:t xml:space="preserve">Right-click to update the table of contents.</w:t><w:fldChar w:fldCharType="end"/></w:r></w:p>
</w:sdtContent></w:sdt>
<w:p><w:r><w:br w:type="page"/></w:r></w:p>]]

local divs = Div
function Div(el)
  if el.identifier == "nk-toc" then
    return pandoc.RawBlock("openxml", TOC)
  end
  return divs(el)
end

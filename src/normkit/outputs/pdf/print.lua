-- normkit: repairs for print (typst and Word) of whatever HTML the sources hold.
-- A table with no columns (raw HTML table tags around Markdown, which the sanitiser's HTML
-- parser empties) would make an invalid typst table: it is dropped, its text is elsewhere.
function Table(el)
  if #el.colspecs == 0 then
    return {}
  end
  return nil
end

-- Headings inside a text (a sub-heading of a criterion, or HTML headings) belong to that text:
-- they get no identifier of their own, which could clash with a criterion's anchor, and in
-- typst they stay out of the contents and bookmarks (which are normkit's structure). An
-- empty heading says nothing and would break PDF/UA: it is dropped.
function Header(el)
  if #el.content == 0 then
    return {}
  end
  el.identifier = ""
  if FORMAT ~= "typst" then
    return el
  end
  local body = pandoc.write(pandoc.Pandoc({pandoc.Plain(el.content)}), "typst")
  body = body:gsub("%s+$", "")
  return pandoc.RawBlock(
    "typst",
    string.format("#heading(level: %d, outlined: false, bookmarked: false)[%s]", el.level, body)
  )
end

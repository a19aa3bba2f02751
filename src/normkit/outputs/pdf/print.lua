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
-- in typst they stay out of the contents and bookmarks, which are normkit's structure. They
-- have no identifier (pandoc runs without auto_identifiers and the sanitiser removes ids), so
-- a heading with one is normkit's own (a summary's sections) and is left alone. An empty
-- heading says nothing and would break PDF/UA: it is dropped.
function Header(el)
  if #el.content == 0 then
    return {}
  end
  if FORMAT ~= "typst" or el.identifier ~= "" then
    return el
  end
  local body = pandoc.write(pandoc.Pandoc({pandoc.Plain(el.content)}), "typst")
  body = body:gsub("%s+$", "")
  return pandoc.RawBlock(
    "typst",
    string.format("#heading(level: %d, outlined: false, bookmarked: false)[%s]", el.level, body)
  )
end

-- normkit: HTML fragments -> typst, with anchors that typst links can reach.
-- A <div class="nk-frag" id="f3"> is framed by comment markers so that Python can
-- split one pandoc run into many fragments; a <span class="nk-anchor" id="x"> becomes
-- an invisible, locatable element carrying the label <x>.

local function wrap(name, link)
  local inlines = pandoc.Inlines({pandoc.RawInline("typst", "#" .. name .. "(<" .. link.target:sub(2) .. ">)[")})
  inlines:extend(link.content)
  inlines:insert(pandoc.RawInline("typst", "]"))
  return inlines
end

function Span(el)
  if el.classes:includes("nk-anchor") and el.identifier ~= "" then
    return pandoc.RawInline("typst", "#metadata(\"anchor\")<" .. el.identifier .. ">")
  end
  if el.classes:includes("nk-plain") then
    return el.content
  end
end

function Link(el)
  if el.classes:includes("nk-term") then
    return wrap("nk-term", el)
  end
  if el.classes:includes("nk-ref") then
    return wrap("nk-ref", el)
  end
end

function Div(el)
  if el.classes:includes("nk-frag") then
    local blocks = {pandoc.RawBlock("typst", "// nk-frag-begin " .. el.identifier)}
    for _, block in ipairs(el.content) do
      table.insert(blocks, block)
    end
    table.insert(blocks, pandoc.RawBlock("typst", "// nk-frag-end " .. el.identifier))
    return blocks
  end
end

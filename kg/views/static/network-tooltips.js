function kgTipElement(tip) {
    var el = document.createElement("div");
    el.className = "kg-tip";
    el.innerHTML = tip;  // built from html.escape()d text by kg/views/network_page.py
    return el;
}
function kgTooltips(ds) {
    var updates = [];
    ds.forEach(function (item) {
        if (typeof item.tip === "string") {
            updates.push({id: item.id, title: kgTipElement(item.tip)});
        }
    });
    ds.update(updates);
}
kgTooltips(nodes);
kgTooltips(edges);
window.kgData = JSON.parse(document.getElementById("kg-data").textContent);
window.kgData.loose.forEach(function (item) { item.title = kgTipElement(item.tip); });

function kgTooltips(ds) {
    var updates = [];
    ds.forEach(function (item) {
        if (typeof item.tip === "string") {
            var el = document.createElement("div");
            el.className = "kg-tip";
            el.innerHTML = item.tip;  // built from html.escape()d text by kg/view.py
            updates.push({id: item.id, title: el});
        }
    });
    ds.update(updates);
}
kgTooltips(nodes);
kgTooltips(edges);

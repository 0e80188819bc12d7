"""Demo course: awareness for national authorities (results 01 and 02)."""

from .content import (
    bullets,
    callout,
    checklist,
    heading,
    image,
    multiple,
    para,
    scenario,
    single,
    true_false,
)

COURSE = {
    "slug": "public-spaces-awareness-for-authorities",
    "topic": "awareness",
    "audience": "authority",
    "also_for": [],
    "estimated_hours": "0.5",
    "pass_mark": 70,
    "certificate_validity_months": None,
    "competencies": [{"code": "RA-1", "level": 1}, {"code": "CC-2", "level": 1}],
    "en": {
        "title": "Protecting public spaces: awareness for national authorities",
        "summary": "For ministries, counter-terrorism centres, regional and city "
        "authorities: why open public spaces, large events and transport hubs need a national "
        "approach, who should coordinate it, and how to measure whether protection improves.",
        "objectives": bullets(
            "Explain the threat to public spaces and why it concerns many ministries",
            "Set out the roles of national, regional and local bodies and private partners",
            "Use risk assessments to set priorities and budgets",
            "Follow progress with a few simple indicators",
        ),
        "audience_note": "Officials of ministries, national counter-terrorism centres, "
        "regional and city authorities.",
    },
    "fr": {
        "slug": "sensibilisation-des-autorites-nationales",
        "title": "Protéger les espaces publics : sensibilisation des autorités nationales",
        "summary": "Pour les ministères, les centres de lutte contre le terrorisme, les "
        "autorités régionales et municipales : pourquoi les espaces publics ouverts, les "
        "grands événements et les pôles de transport appellent une approche nationale, qui "
        "doit la coordonner, et comment mesurer les progrès de leur protection.",
        "objectives": bullets(
            "Expliquer la menace qui pèse sur les espaces publics et pourquoi elle concerne "
            "plusieurs ministères",
            "Présenter les rôles des échelons national, régional et local et des partenaires "
            "privés",
            "S’appuyer sur les évaluations des risques pour fixer priorités et budgets",
            "Suivre les progrès avec quelques indicateurs simples",
        ),
        "audience_note": "Agents des ministères, des centres nationaux de lutte contre le "
        "terrorisme, des autorités régionales et municipales.",
    },
    "lessons": [
        {
            "slug": "the-threat-to-public-spaces",
            "minutes": 2,
            "en": {
                "title": "The threat to public spaces",
                "body": [
                    heading("Soft targets, hard consequences"),
                    para(
                        "Markets, malls, hotels, places of worship, stadiums and bus stations "
                        "are open by design. Attacks on such places in the region — a "
                        "shopping centre, a hotel complex, a beach resort, a university — "
                        "have killed hundreds and cost tourism and trade for years.",
                        "No single agency owns these spaces. The interior, transport, "
                        "tourism, sport and local government ministries, and hundreds of "
                        "private owners, each hold part of the answer. This is why a national "
                        "approach is needed.",
                    ),
                    image(
                        "public-space-types",
                        "Three icons for the settings covered by the programme: an open "
                        "public space with a market, a stadium for large-scale events, and a "
                        "bus and a plane for transport infrastructures.",
                        "Open public spaces, large-scale events and transport infrastructures.",
                    ),
                ],
            },
            "fr": {
                "slug": "la-menace-sur-les-espaces-publics",
                "title": "La menace sur les espaces publics",
                "body": [
                    heading("Cibles vulnérables, conséquences lourdes"),
                    para(
                        "Marchés, centres commerciaux, hôtels, lieux de culte, stades et gares "
                        "routières sont ouverts par nature. Les attaques contre de tels lieux "
                        "dans la région — un centre commercial, un complexe hôtelier, une "
                        "station balnéaire, une université — ont fait des centaines de morts "
                        "et pesé des années sur le tourisme et le commerce.",
                        "Aucune administration ne possède seule ces espaces. Les ministères "
                        "de l’Intérieur, des Transports, du Tourisme, des Sports et des "
                        "Collectivités locales, et des centaines de propriétaires privés, "
                        "détiennent chacun une part de la réponse. D’où le besoin d’une "
                        "approche nationale.",
                    ),
                    image(
                        "public-space-types",
                        "Trois pictogrammes pour les lieux couverts par le programme : un "
                        "espace public ouvert avec un marché, un stade pour les grands "
                        "événements, un bus et un avion pour les infrastructures de transport.",
                        "Espaces publics ouverts, grands événements et infrastructures de "
                        "transport.",
                    ),
                ],
            },
        },
        {
            "slug": "who-coordinates",
            "minutes": 7,
            "en": {
                "title": "Who coordinates what",
                "body": [
                    heading("A lead, a network and local plans"),
                    para(
                        "Countries that protect public spaces well name <b>one lead body</b> "
                        "(often the national counter-terrorism centre) that sets standards "
                        "and keeps a register of priority sites; a <b>network</b> of "
                        "ministries, regions and private-sector associations that meets "
                        "regularly; and <b>local plans</b> for each priority site, owned by "
                        "the operator and checked by the police.",
                    ),
                    scenario(
                        "A new national stadium",
                        "Your government is building a 40,000-seat stadium that will host an "
                        "international tournament in two years. Nobody has yet been asked to "
                        "plan its security.",
                        [
                            "Which bodies should sit on the security planning group?",
                            "Who should chair it, and who owns the stadium's plan?",
                            "What should be decided before construction ends?",
                        ],
                        "The sports ministry, the police and gendarmerie, the counter-"
                        "terrorism centre, the city, emergency services, the future operator "
                        "and transport operators. The lead body or the police chair it; the "
                        "operator owns the site plan. Decide now on stand-off, access control "
                        "points, the control room and evacuation routes: they are cheap to "
                        "build in, expensive to add later.",
                    ),
                ],
            },
            "fr": {
                "slug": "qui-coordonne-quoi",
                "title": "Qui coordonne quoi",
                "body": [
                    heading("Un chef de file, un réseau et des plans locaux"),
                    para(
                        "Les pays qui protègent bien leurs espaces publics désignent <b>un "
                        "chef de file</b> (souvent le centre national de lutte contre le "
                        "terrorisme) qui fixe les normes et tient un registre des sites "
                        "prioritaires ; un <b>réseau</b> de ministères, de régions et "
                        "d’associations du secteur privé qui se réunit régulièrement ; et des "
                        "<b>plans locaux</b> pour chaque site prioritaire, portés par "
                        "l’exploitant et vérifiés par la police.",
                    ),
                    scenario(
                        "Un nouveau stade national",
                        "Votre gouvernement construit un stade de 40 000 places qui accueillera "
                        "un tournoi international dans deux ans. Personne n’a encore été "
                        "chargé d’en planifier la sécurité.",
                        [
                            "Quels organismes doivent siéger au groupe de planification ?",
                            "Qui doit le présider, et à qui appartient le plan du stade ?",
                            "Que faut-il décider avant la fin des travaux ?",
                        ],
                        "Le ministère des Sports, la police et la gendarmerie, le centre de "
                        "lutte contre le terrorisme, la ville, les secours, le futur "
                        "exploitant et les transporteurs. Le chef de file ou la police le "
                        "préside ; l’exploitant porte le plan du site. Décidez dès maintenant "
                        "de la distance de sécurité, des points de contrôle d’accès, du poste "
                        "de commandement et des itinéraires d’évacuation : peu coûteux à "
                        "prévoir, chers à ajouter ensuite.",
                    ),
                ],
            },
        },
        {
            "slug": "priorities-and-budgets",
            "minutes": 5,
            "en": {
                "title": "Setting priorities from risk",
                "body": [
                    heading("Spend where the risk is"),
                    para(
                        "Budgets never cover every site. Ask for a risk assessment of each "
                        "candidate site, scored the same way everywhere, and fund first the "
                        "sites where likelihood and impact are both high. Cheap measures — "
                        "trained staff, good lighting, clear procedures — often reduce more "
                        "risk than expensive equipment.",
                    ),
                    callout(
                        "tip",
                        "Ask three questions of any proposal",
                        "Which risk does it reduce, by how much, and who will maintain it "
                        "after the project ends?",
                    ),
                    scenario(
                        "Two proposals, one budget",
                        "Your ministry can fund one of two proposals this year: scanners at "
                        "the entrance of the capital's main mall (high cost, needs trained "
                        "operators and a maintenance contract) or training for the guards and "
                        "staff of the ten busiest markets with better lighting (low cost).",
                        [
                            "What would you ask for before deciding?",
                            "Which proposal reduces more risk for the money, and why?",
                        ],
                        "Ask for the risk assessments of the sites, the visitor numbers and who "
                        "will run and maintain each measure. Training and lighting at ten "
                        "crowded markets often reduces more risk than scanners at one site, "
                        "and it lasts if the market committees own it.",
                    ),
                ],
            },
            "fr": {
                "slug": "fixer-les-priorites",
                "title": "Fixer les priorités à partir du risque",
                "body": [
                    heading("Dépenser là où est le risque"),
                    para(
                        "Les budgets ne couvrent jamais tous les sites. Demandez une "
                        "évaluation des risques de chaque site candidat, cotée partout de la "
                        "même façon, et financez d’abord les sites où probabilité et impact "
                        "sont tous deux élevés. Des mesures peu coûteuses — personnel formé, "
                        "bon éclairage, procédures claires — réduisent souvent plus le risque "
                        "qu’un équipement coûteux.",
                    ),
                    callout(
                        "tip",
                        "Posez trois questions à toute proposition",
                        "Quel risque réduit-elle, de combien, et qui l’entretiendra après la "
                        "fin du projet ?",
                    ),
                    scenario(
                        "Deux propositions, un budget",
                        "Votre ministère peut financer cette année l’une de deux propositions : "
                        "des scanners à l’entrée du principal centre commercial de la capitale "
                        "(coût élevé, opérateurs formés et contrat de maintenance nécessaires) "
                        "ou la formation des agents et du personnel des dix marchés les plus "
                        "fréquentés, avec un meilleur éclairage (coût faible).",
                        [
                            "Que demanderiez-vous avant de décider ?",
                            "Quelle proposition réduit le plus le risque pour la dépense, et "
                            "pourquoi ?",
                        ],
                        "Demandez les évaluations des risques des sites, la fréquentation et "
                        "qui fera fonctionner et entretiendra chaque mesure. La formation et "
                        "l’éclairage dans dix marchés fréquentés réduisent souvent plus le "
                        "risque que des scanners sur un seul site, et durent si les comités de "
                        "marché se les approprient.",
                    ),
                ],
            },
        },
        {
            "slug": "measuring-progress",
            "minutes": 2,
            "en": {
                "title": "Measuring progress",
                "body": [
                    heading("A few indicators, followed every year"),
                    para(
                        "Protection improves when someone checks it. A handful of indicators, "
                        "reported each year to the lead body, is enough to start.",
                    ),
                    checklist(
                        "Indicators worth following",
                        "Share of priority sites with an up-to-date risk assessment",
                        "Share of priority sites with a tested emergency plan",
                        "Number of joint exercises held with operators",
                        "Staff trained, by organisation and by sex",
                        "Time from an alert to the response on site",
                    ),
                ],
            },
            "fr": {
                "slug": "mesurer-les-progres",
                "title": "Mesurer les progrès",
                "body": [
                    heading("Quelques indicateurs, suivis chaque année"),
                    para(
                        "La protection progresse quand quelqu’un la vérifie. Une poignée "
                        "d’indicateurs, transmis chaque année au chef de file, suffit pour "
                        "commencer.",
                    ),
                    checklist(
                        "Indicateurs à suivre",
                        "Part des sites prioritaires dotés d’une évaluation des risques à jour",
                        "Part des sites prioritaires dotés d’un plan d’urgence testé",
                        "Nombre d’exercices conjoints avec les exploitants",
                        "Personnel formé, par organisme et par sexe",
                        "Délai entre une alerte et l’intervention sur le site",
                    ),
                ],
            },
        },
    ],
}

TESTS = {
    "en": {
        "title": "Awareness for national authorities",
        "pre": [
            single(
                "RA-1",
                "Why are open public spaces attractive targets?",
                ("They are crowded and open by design", True, ""),
                ("They are always heavily guarded", False, ""),
                ("They are owned by the army", False, ""),
            ),
            true_false(
                "CC-2",
                "One ministry alone can protect every public space in a country.",
                False,
                lang="en",
            ),
            single(
                "CC-2",
                "Who usually owns a priority site's local security plan?",
                ("The site's operator, checked by the police", True, ""),
                ("The tourism ministry", False, ""),
                ("The EU delegation", False, ""),
            ),
            single(
                "RA-1",
                "How should limited budgets be allocated?",
                ("To sites where likelihood and impact are both high", True, ""),
                ("Equally to every site", False, ""),
                ("To the sites that ask first", False, ""),
            ),
            multiple(
                "RA-1",
                "Which are useful indicators of progress?",
                ("Share of priority sites with a current risk assessment", True, ""),
                ("Number of joint exercises held", True, ""),
                ("Number of press releases", False, ""),
            ),
        ],
        "post": [
            single(
                "RA-1",
                "Which place is an open public space in the programme's sense?",
                ("A city market", True, ""),
                ("A military base", False, ""),
                ("A ministry's archive", False, ""),
            ),
            true_false(
                "CC-2",
                "A lead body sets standards and keeps a register of priority sites.",
                True,
                lang="en",
            ),
            single(
                "CC-2",
                "When should the security of a new stadium be planned?",
                ("Before construction ends", True, ""),
                ("After the first match", False, ""),
                ("Only if there is a threat", False, ""),
            ),
            single(
                "RA-1",
                "Which question should any security proposal answer?",
                ("Which risk it reduces, and who maintains it afterwards", True, ""),
                ("How modern the equipment looks", False, ""),
                ("Which company sells it", False, ""),
            ),
            multiple(
                "RA-1",
                "Which data help follow progress over the years?",
                ("Staff trained, by organisation and by sex", True, ""),
                ("Share of priority sites with a tested emergency plan", True, ""),
                ("The colour of the uniforms", False, ""),
            ),
        ],
    },
    "fr": {
        "title": "Sensibilisation des autorités nationales",
        "pre": [
            single(
                "RA-1",
                "Pourquoi les espaces publics ouverts sont-ils des cibles attrayantes ?",
                ("Ils sont fréquentés et ouverts par nature", True, ""),
                ("Ils sont toujours très gardés", False, ""),
                ("Ils appartiennent à l’armée", False, ""),
            ),
            true_false(
                "CC-2",
                "Un seul ministère peut protéger tous les espaces publics d’un pays.",
                False,
                lang="fr",
            ),
            single(
                "CC-2",
                "À qui appartient en général le plan de sécurité d’un site prioritaire ?",
                ("À l’exploitant du site, vérifié par la police", True, ""),
                ("Au ministère du Tourisme", False, ""),
                ("À la délégation de l’UE", False, ""),
            ),
            single(
                "RA-1",
                "Comment répartir un budget limité ?",
                ("Vers les sites où probabilité et impact sont tous deux élevés", True, ""),
                ("À parts égales entre tous les sites", False, ""),
                ("Aux premiers sites qui le demandent", False, ""),
            ),
            multiple(
                "RA-1",
                "Lesquels sont de bons indicateurs de progrès ?",
                ("Part des sites prioritaires dotés d’une évaluation à jour", True, ""),
                ("Nombre d’exercices conjoints", True, ""),
                ("Nombre de communiqués de presse", False, ""),
            ),
        ],
        "post": [
            single(
                "RA-1",
                "Lequel est un espace public ouvert au sens du programme ?",
                ("Un marché municipal", True, ""),
                ("Une base militaire", False, ""),
                ("Les archives d’un ministère", False, ""),
            ),
            true_false(
                "CC-2",
                "Un chef de file fixe les normes et tient un registre des sites prioritaires.",
                True,
                lang="fr",
            ),
            single(
                "CC-2",
                "Quand planifier la sécurité d’un nouveau stade ?",
                ("Avant la fin des travaux", True, ""),
                ("Après le premier match", False, ""),
                ("Seulement en cas de menace", False, ""),
            ),
            single(
                "RA-1",
                "À quelle question toute proposition de sécurité doit-elle répondre ?",
                ("Quel risque elle réduit, et qui l’entretiendra ensuite", True, ""),
                ("À quel point l’équipement paraît moderne", False, ""),
                ("Quelle entreprise le vend", False, ""),
            ),
            multiple(
                "RA-1",
                "Quelles données aident à suivre les progrès d’année en année ?",
                ("Le personnel formé, par organisme et par sexe", True, ""),
                ("La part des sites prioritaires dotés d’un plan d’urgence testé", True, ""),
                ("La couleur des uniformes", False, ""),
            ),
        ],
    },
}

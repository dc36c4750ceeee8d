//! The structural test of the Terraform module: `terraform validate` needs the AWS provider,
//! which cannot be downloaded where `make test` runs, so the rendered HCL is parsed with
//! `hcl-rs` and its references are checked against the rendered templates and files.

use std::collections::{BTreeMap, BTreeSet};

use hcl::edit::expr::{Expression, FuncCall, ObjectKey, Traversal, TraversalOperator};
use hcl::edit::structure::{Block, Body};
use hcl::edit::template::{Element, StringTemplate};
use hcl::edit::visit::{Visit, visit_func_call, visit_string_template, visit_traversal};
use serde_json::Value;

use super::*;
use crate::render::{render_all, templates};

const PREFIX: &str = "terraform/autotag/";

/// The module's rendered files, by path inside the module.
fn module_files() -> BTreeMap<String, String> {
    render_all(&TagPolicy::default())
        .unwrap()
        .into_iter()
        .filter_map(|f| {
            f.path
                .strip_prefix(PREFIX)
                .map(|p| (p.to_owned(), f.contents))
        })
        .collect()
}

fn parse(files: &BTreeMap<String, String>, name: &str) -> Body {
    files[name]
        .parse::<Body>()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn tf_bodies(files: &BTreeMap<String, String>) -> Vec<(String, Body)> {
    files
        .keys()
        .filter(|name| name.ends_with(".tf"))
        .map(|name| (name.clone(), parse(files, name)))
        .collect()
}

fn label(block: &Block, index: usize) -> String {
    block.labels[index]
        .to_string()
        .trim()
        .trim_matches('"')
        .to_owned()
}

fn blocks<'b>(body: &'b Body, kind: &'b str) -> impl Iterator<Item = &'b Block> {
    body.blocks().filter(move |b| b.ident.as_str() == kind)
}

fn resources<'b>(
    bodies: &'b [(String, Body)],
    kind: &'b str,
) -> impl Iterator<Item = &'b Block> + 'b {
    bodies
        .iter()
        .flat_map(|(_, body)| blocks(body, "resource"))
        .filter(move |b| label(b, 0) == kind)
}

fn attribute<'b>(block: &'b Block, key: &str) -> &'b Expression {
    &block
        .body
        .get_attribute(key)
        .unwrap_or_else(|| panic!("no `{key}` in {}", block.ident.as_str()))
        .value
}

fn text(expression: &Expression) -> String {
    expression.to_string().trim().to_owned()
}

/// What an expression refers to: `var.X`, and the paths under `${path.module}/` in string
/// templates, and the functions called with their first argument's text.
#[derive(Default)]
struct References {
    variables: BTreeSet<String>,
    module_paths: BTreeSet<String>,
    calls: Vec<(String, String)>,
}

impl Visit for References {
    fn visit_traversal(&mut self, node: &Traversal) {
        if let Expression::Variable(root) = &node.expr
            && root.as_str() == "var"
            && let Some(TraversalOperator::GetAttr(name)) =
                node.operators.first().map(|o| o.value())
        {
            self.variables.insert(name.as_str().to_owned());
        }
        visit_traversal(self, node);
    }

    fn visit_string_template(&mut self, node: &StringTemplate) {
        let elements: Vec<&Element> = node.iter().collect();
        for pair in elements.windows(2) {
            if let [
                Element::Interpolation(interpolation),
                Element::Literal(rest),
            ] = pair
                && text(&interpolation.expr) == "path.module"
            {
                let path = rest.value().strip_prefix('/').unwrap();
                self.module_paths.insert(path.to_owned());
            }
        }
        visit_string_template(self, node);
    }

    fn visit_func_call(&mut self, node: &FuncCall) {
        let first = node.args.iter().next().map(text).unwrap_or_default();
        self.calls.push((node.name.name.as_str().to_owned(), first));
        visit_func_call(self, node);
    }
}

fn references(bodies: &[(String, Body)]) -> References {
    let mut references = References::default();
    for (_, body) in bodies {
        references.visit_body(body);
    }
    references
}

fn declared_variables(files: &BTreeMap<String, String>) -> BTreeMap<String, Block> {
    let body = parse(files, "variables.tf");
    blocks(&body, "variable")
        .map(|b| (label(b, 0), b.clone()))
        .collect()
}

/// `parameters = { Key = ... }` of a stack, by key, as text.
fn stack_parameters(stack: &Block) -> BTreeMap<String, String> {
    let Expression::Object(object) = attribute(stack, "parameters") else {
        panic!("parameters is not an object");
    };
    object
        .iter()
        .map(|(key, value)| {
            let key = match key {
                ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                ObjectKey::Expression(e) => text(e).trim_matches('"').to_owned(),
            };
            (key, text(value.expr()))
        })
        .collect()
}

fn stack<'b>(bodies: &'b [(String, Body)], name: &str) -> &'b Block {
    resources(bodies, "aws_cloudformation_stack")
        .find(|b| label(b, 1) == name)
        .unwrap_or_else(|| panic!("no stack `{name}`"))
}

/// The template's parameters: all of them, and those without a default.
fn template_parameters(template: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let parameters = template["Parameters"].as_object().unwrap();
    let all = parameters.keys().cloned().collect();
    let required = parameters
        .iter()
        .filter(|(_, p)| p.get("Default").is_none())
        .map(|(k, _)| k.clone())
        .collect();
    (all, required)
}

#[test]
fn every_referenced_variable_is_declared_and_every_declared_one_used() {
    let files = module_files();
    let bodies = tf_bodies(&files);
    let used = references(&bodies).variables;
    let declared: BTreeSet<String> = declared_variables(&files).into_keys().collect();
    assert!(!used.is_empty());
    assert_eq!(used, declared);
}

#[test]
fn every_variable_is_typed_and_described() {
    let files = module_files();
    for (name, block) in declared_variables(&files) {
        assert!(!text(attribute(&block, "type")).is_empty(), "{name}");
        let description = text(attribute(&block, "description"));
        assert!(description.len() > 10, "{name}: {description}");
        for validation in blocks(&block.body, "validation") {
            let message = text(attribute(validation, "error_message"));
            assert!(
                message.starts_with("\"The ") || message.starts_with("\"Each "),
                "{name}: {message}"
            );
        }
    }
}

#[test]
fn every_path_in_the_module_names_a_rendered_file_of_the_module() {
    let files = module_files();
    let bodies = tf_bodies(&files);
    let references = references(&bodies);
    assert!(!references.module_paths.is_empty());
    for path in &references.module_paths {
        assert!(files.contains_key(path), "`{path}` is not rendered");
    }
    let file_calls: Vec<&(String, String)> = references
        .calls
        .iter()
        .filter(|(name, _)| name == "file" || name == "filemd5")
        .collect();
    assert!(file_calls.len() >= 3);
    for (name, argument) in file_calls {
        let path = argument
            .strip_prefix("\"${path.module}/")
            .and_then(|p| p.strip_suffix('"'))
            .unwrap_or_else(|| panic!("{name}({argument}) is not under the module"));
        assert!(files.contains_key(path), "{name}({argument})");
    }
}

#[test]
fn the_copies_are_the_rendered_templates_and_scps() {
    let all: BTreeMap<String, String> = render_all(&TagPolicy::default())
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    let files = module_files();
    for (copy, original) in [
        (HUB_TEMPLATE, "stacksets/hub.yaml"),
        (ORG_TEMPLATE, "stacksets/org-stacksets.yaml"),
    ] {
        assert_eq!(files[copy], all[original], "{copy}");
    }
    let scps: Vec<&String> = all.keys().filter(|p| p.starts_with("scp/")).collect();
    assert!(!scps.is_empty());
    for scp in scps {
        assert_eq!(files[scp.as_str()], all[scp], "{scp}");
    }
}

#[test]
fn every_resource_and_data_source_names_a_provider_alias() {
    let files = module_files();
    let bodies = tf_bodies(&files);
    let mut count = 0;
    for (name, body) in &bodies {
        for block in blocks(body, "resource").chain(blocks(body, "data")) {
            let provider = text(attribute(block, "provider"));
            assert!(
                provider == HUB_PROVIDER || provider == MANAGEMENT_PROVIDER,
                "{name}: {} {} has provider {provider}",
                label(block, 0),
                label(block, 1)
            );
            count += 1;
        }
        assert_eq!(
            blocks(body, "provider").count(),
            0,
            "{name} configures a provider"
        );
    }
    assert!(count >= 6);
    let versions = parse(&files, "versions.tf");
    let terraform = blocks(&versions, "terraform").next().unwrap();
    let providers = blocks(&terraform.body, "required_providers")
        .next()
        .unwrap();
    let aws = text(attribute(providers, "aws"));
    assert!(
        aws.contains(&format!(
            "configuration_aliases = [{MANAGEMENT_PROVIDER}, {HUB_PROVIDER}]"
        )),
        "{aws}"
    );
}

#[test]
fn each_stack_passes_exactly_its_templates_parameters() {
    let files = module_files();
    let bodies = tf_bodies(&files);
    let policy = TagPolicy::default();
    let variables = declared_variables(&files);
    for (name, template) in [
        ("hub", templates::hub(&policy)),
        ("org_stacksets", templates::org_stacksets(&policy).unwrap()),
    ] {
        let passed = stack_parameters(stack(&bodies, name));
        let (all, required) = template_parameters(&template);
        assert_eq!(
            passed.keys().cloned().collect::<BTreeSet<_>>(),
            all,
            "{name}"
        );
        assert!(!required.is_empty());
        for key in &required {
            assert!(passed.contains_key(key), "{name}: `{key}` is not set");
        }
        for (key, value) in &passed {
            // Each parameter is a declared variable, of the same kind as the parameter.
            let variable = snake_case(key);
            let kind = template["Parameters"][key]["Type"].as_str().unwrap();
            let (expected_value, expected_type) = match kind {
                "CommaDelimitedList" => (format!("join(\",\", var.{variable})"), "list(string)"),
                "Number" => (format!("var.{variable}"), "number"),
                _ => (format!("var.{variable}"), "string"),
            };
            assert_eq!(value, &expected_value, "{name}.{key}");
            let block = &variables[&variable];
            assert_eq!(text(attribute(block, "type")), expected_type, "{variable}");
            // A default in the template is the variable's default, so leaving it unset
            // deploys what the CloudFormation guide deploys.
            let default = block.body.get_attribute("default").map(|a| text(&a.value));
            match (&template["Parameters"][key]["Default"], default) {
                (Value::Null, _) => {}
                (Value::String(s), Some(d)) if kind == "CommaDelimitedList" => {
                    let items: Vec<String> = s
                        .split(',')
                        .filter(|i| !i.is_empty())
                        .map(|i| format!("\"{i}\""))
                        .collect();
                    assert_eq!(d, format!("[{}]", items.join(", ")), "{variable}");
                }
                (Value::String(s), Some(d)) => assert_eq!(d, format!("\"{s}\""), "{variable}"),
                (other, Some(d)) => assert_eq!(d, other.to_string(), "{variable}"),
                (other, None) => panic!("{variable} lost the default {other}"),
            }
        }
    }
}

#[test]
fn the_stacks_read_their_templates_from_the_uploads() {
    let files = module_files();
    let bodies = tf_bodies(&files);
    for (name, provider, template_file) in [
        ("hub", HUB_PROVIDER, HUB_TEMPLATE),
        ("org_stacksets", MANAGEMENT_PROVIDER, ORG_TEMPLATE),
    ] {
        let stack = stack(&bodies, name);
        assert_eq!(text(attribute(stack, "provider")), provider);
        let url = text(attribute(stack, "template_url"));
        assert!(
            url.contains(&format!("aws_s3_object.{name}_template.key")),
            "{url}"
        );
        assert!(stack.body.get_attribute("template_body").is_none());
        let upload = resources(&bodies, "aws_s3_object")
            .find(|b| label(b, 1) == format!("{name}_template"))
            .unwrap();
        assert_eq!(text(attribute(upload, "provider")), provider);
        assert_eq!(
            text(attribute(upload, "source")),
            format!("\"${{path.module}}/{template_file}\"")
        );
        // The key changes with the content, so an edited template updates the stack.
        assert!(
            text(attribute(upload, "key")).contains(&format!("local.{name}_template_md5")),
            "{name}"
        );
    }
    let org = stack(&bodies, "org_stacksets");
    assert_eq!(
        text(attribute(org, "depends_on")),
        "[aws_cloudformation_stack.hub]"
    );
}

#[test]
fn the_policies_cover_every_rendered_scp_and_each_is_attached_to_the_targets() {
    let files = module_files();
    let bodies = tf_bodies(&files);
    let rendered: BTreeSet<String> = files
        .keys()
        .filter(|p| p.starts_with("scp/"))
        .cloned()
        .collect();
    assert!(!rendered.is_empty());
    let mut covered = BTreeSet::new();
    for policy in resources(&bodies, "aws_organizations_policy") {
        assert_eq!(
            text(attribute(policy, "type")),
            "\"SERVICE_CONTROL_POLICY\""
        );
        assert_eq!(text(attribute(policy, "provider")), MANAGEMENT_PROVIDER);
        let content = text(attribute(policy, "content"));
        let path = content
            .strip_prefix("file(\"${path.module}/")
            .and_then(|c| c.strip_suffix("\")"))
            .unwrap_or_else(|| panic!("{content}"));
        assert!(covered.insert(path.to_owned()), "{path} twice");
        let name = label(policy, 1);
        let attachment = resources(&bodies, "aws_organizations_policy_attachment")
            .find(|b| label(b, 1) == name)
            .unwrap_or_else(|| panic!("{name} is not attached"));
        assert_eq!(
            text(attribute(attachment, "policy_id")),
            format!("aws_organizations_policy.{name}.id")
        );
        assert_eq!(
            text(attribute(attachment, "for_each")),
            "toset(var.scp_target_ids)"
        );
        assert_eq!(text(attribute(attachment, "target_id")), "each.value");
    }
    assert_eq!(covered, rendered);
}

#[test]
fn every_no_echo_parameter_is_a_sensitive_variable() {
    let files = module_files();
    let variables = declared_variables(&files);
    let policy = TagPolicy::default();
    let mut secrets = BTreeSet::new();
    for template in [
        templates::hub(&policy),
        templates::org_stacksets(&policy).unwrap(),
    ] {
        for (key, parameter) in template["Parameters"].as_object().unwrap() {
            if parameter["NoEcho"] == true {
                secrets.insert(snake_case(key));
            }
        }
    }
    assert!(secrets.contains("external_id"), "{secrets:?}");
    for (name, block) in &variables {
        let sensitive = block
            .body
            .get_attribute("sensitive")
            .is_some_and(|a| text(&a.value) == "true");
        assert_eq!(sensitive, secrets.contains(name), "{name}");
    }
}

#[test]
fn every_hub_output_is_an_output_of_the_module() {
    let files = module_files();
    let body = parse(&files, "outputs.tf");
    let values: BTreeMap<String, String> = blocks(&body, "output")
        .map(|b| (label(b, 0), text(attribute(b, "value"))))
        .collect();
    let hub = templates::hub(&TagPolicy::default());
    let outputs = hub["Outputs"].as_object().unwrap();
    assert!(!outputs.is_empty());
    for key in outputs.keys() {
        assert_eq!(
            values[&snake_case(key)],
            format!("aws_cloudformation_stack.hub.outputs[\"{key}\"]")
        );
    }
    for (name, value) in &values {
        if let Some(key) = value
            .strip_prefix("aws_cloudformation_stack.hub.outputs[\"")
            .and_then(|v| v.strip_suffix("\"]"))
        {
            assert!(outputs.contains_key(key), "{name} reads no output");
        }
    }
}

#[test]
fn the_readme_example_sets_every_required_variable_and_only_declared_ones() {
    let files = module_files();
    let variables = declared_variables(&files);
    let readme = &files["README.md"];
    let example = readme
        .split("```hcl\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let body = example.parse::<Body>().unwrap();
    let module = blocks(&body, "module").next().unwrap();
    let providers = text(attribute(module, "providers"));
    for alias in [MANAGEMENT_PROVIDER, HUB_PROVIDER] {
        assert!(providers.contains(alias), "{providers}");
    }
    let set: BTreeSet<String> = module
        .body
        .attributes()
        .map(|a| a.key.as_str().to_owned())
        .filter(|k| k != "source" && k != "providers")
        .collect();
    for name in &set {
        assert!(variables.contains_key(name), "{name} is not a variable");
    }
    for (name, block) in &variables {
        if block.body.get_attribute("default").is_none() {
            assert!(set.contains(name), "the example misses {name}");
        }
        assert!(readme.contains(&format!("| `{name}` |")), "{name}");
    }
    // The prose names variables too (`hub_region`, `code_bucket`, ...): each must still be one.
    let outputs = parse(&files, "outputs.tf");
    let outputs: BTreeSet<String> = blocks(&outputs, "output").map(|b| label(b, 0)).collect();
    let prose = readme.split("```").step_by(2).collect::<Vec<_>>().join(" ");
    let named: BTreeSet<&str> = prose
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| {
            word.contains('_')
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    assert!(named.contains("hub_region"), "{named:?}");
    for word in named {
        assert!(
            variables.contains_key(word) || outputs.contains(word),
            "the README names `{word}`, which is neither a variable nor an output"
        );
    }
}

#[test]
fn hcl_strings_are_escaped_and_names_snake_cased() {
    assert_eq!(
        quote("a \"b\" ${c} %{d} \\ $e"),
        r#""a \"b\" $${c} %%{d} \\ $e""#
    );
    let parsed = format!("x = {}", quote("${c}\n")).parse::<Body>().unwrap();
    let value = &parsed.get_attribute("x").unwrap().value;
    assert!(matches!(value, Expression::String(s) if s.as_str() == "${c}\n"));
    for (from, to) in [
        ("OrganizationalUnitIds", "organizational_unit_ids"),
        ("HubAccountId", "hub_account_id"),
        ("SSEKey", "sse_key"),
        ("Timeout", "timeout"),
        ("Port8080Open", "port8080_open"),
    ] {
        assert_eq!(snake_case(from), to);
    }
}

#[test]
fn attributes_align_as_terraform_fmt_aligns_them() {
    let mut out = String::new();
    write_items(
        &mut out,
        &[Item::block(
            "resource",
            &["a", "b"],
            vec![
                Item::attr("x", "1".to_owned()),
                Item::attr("longer", "2".to_owned()),
                Item::Blank,
                Item::attr("y", "3".to_owned()),
                Item::object("map", vec![Item::attr("k", "4".to_owned())]),
                Item::attr("zz", "5".to_owned()),
            ],
        )],
        0,
    );
    assert_eq!(
        out,
        "resource \"a\" \"b\" {\n  x      = 1\n  longer = 2\n\n  y = 3\n  map = {\n    k = 4\n  }\n  zz = 5\n}\n"
    );
}

/// A hub-like stack of `template`, for the variables made of its parameters.
fn test_stack(template: &Value) -> Stack<'_> {
    Stack {
        resource: "hub",
        name: "s".into(),
        what: "the stack",
        provider: HUB_PROVIDER,
        template_file: HUB_TEMPLATE,
        bucket_variable: "hub_artifact_bucket",
        template,
    }
}

#[test]
fn a_parameters_constraints_become_validations() {
    let template = serde_json::json!({"Parameters": {
        "Size": {"Type": "Number", "Default": "8", "MinValue": 1, "MaxValue": 9},
        "Name": {"Type": "String", "AllowedPattern": "[a-z]+", "MinLength": 2, "NoEcho": "true"},
        "Kind": {"Type": "String", "AllowedValues": ["a", "b"]},
        "Ids": {"Type": "CommaDelimitedList", "Default": "x,y"}
    }});
    let stack = test_stack(&template);
    let variables = variables(&TagPolicy::default(), &[stack]).unwrap();
    let find = |name: &str| variables.iter().find(|v| v.name == name).unwrap();
    assert_eq!(find("size").default.as_deref(), Some("8"));
    assert_eq!(
        find("size").validations[0].0,
        "var.size >= 1 && var.size <= 9"
    );
    let name = find("name");
    assert!(name.sensitive);
    assert_eq!(
        name.validations[0].0,
        r#"can(regex("^(?:[a-z]+)$", var.name))"#
    );
    assert_eq!(name.validations[1].0, "length(var.name) >= 2");
    assert_eq!(name.description, "The `Name` parameter of the stack.");
    assert_eq!(
        find("kind").validations[0].0,
        r#"contains(["a", "b"], var.kind)"#
    );
    assert_eq!(find("ids").default.as_deref(), Some(r#"["x", "y"]"#));
    assert_eq!(find("ids").parameter_value(), r#"join(",", var.ids)"#);
}

#[test]
fn a_parameter_named_like_a_meta_argument_fails_rendering() {
    let template = serde_json::json!({"Parameters": {"Count": {"Type": "Number"}}});
    let stack = test_stack(&template);
    let error = variables(&TagPolicy::default(), &[stack])
        .unwrap_err()
        .to_string();
    assert!(error.contains("`count`"), "{error}");
}

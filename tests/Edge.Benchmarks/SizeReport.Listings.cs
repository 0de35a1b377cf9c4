using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Edge.Benchmarks;

/// <summary>
/// The listings of <c>Edge.Benchmarks mstat FILE</c> that name single entities rather than sum them:
/// <list type="bullet">
/// <item><c>--frozen</c>: the preinitialized objects (the <c>ArrayOfFrozenObjects</c> node) by their type and the type
/// whose static field holds them — which static tables, string literals and arrays the binary carries as data.</item>
/// <item><c>--instantiations</c>: code and type structures of every generic instantiation, by instantiation
/// (<c>Dictionary`2&lt;Edge.Xmpp.Jid,String&gt;</c>, its methods included) and by generic definition summed over
/// its instantiations — which generic uses are costly.</item>
/// <item><c>--types ASSEMBLY</c>: code, type structures and data of one assembly by type (generic instantiations
/// counted for their definition).</item>
/// </list>
/// </summary>
public static partial class SizeReport
{
    private static int Listings(string[] args, MstatReader reader, List<Row> rows, int top)
    {
        if (args.Contains("--frozen"))
        {
            Console.WriteLine($"frozen objects: {reader.Frozen.Count:N0}, {reader.Frozen.Sum(f => (long)f.Bytes):N0} B");
            Console.WriteLine($"{"owner (the type whose static holds it)",-70} {"object type",-40} {"count",6} {"bytes",10}");
            foreach (var group in reader.Frozen.GroupBy(f => (Owner: f.Owner.IsNil ? "(none)" : reader.Name(f.Owner), Type: reader.Name(f.Type)))
                .OrderByDescending(g => g.Sum(f => (long)f.Bytes)).Take(top))
            {
                Console.WriteLine($"{Clip(group.Key.Owner, 70),-70} {Clip(group.Key.Type, 40),-40} {group.Count(),6:N0} {group.Sum(f => (long)f.Bytes),10:N0}");
            }

            Console.WriteLine();
            Console.WriteLine($"{"object type",-110} {"count",6} {"bytes",10}");
            foreach (var group in reader.Frozen.GroupBy(f => reader.Name(f.Type)).OrderByDescending(g => g.Sum(f => (long)f.Bytes)).Take(top))
            {
                Console.WriteLine($"{Clip(group.Key, 110),-110} {group.Count(),6:N0} {group.Sum(f => (long)f.Bytes),10:N0}");
            }

            Console.WriteLine();
        }

        if (args.Contains("--instantiations"))
        {
            var generic = rows.Where(r => r.Kind != "data" && reader.Instantiation(r.Token) is not null)
                .Select(r => (Row: r, Instance: reader.Instantiation(r.Token)!.Value)).ToList();
            Console.WriteLine($"generic instantiations: {generic.Select(g => g.Instance.Name).Distinct().Count():N0}, {generic.Sum(g => g.Row.Bytes):N0} B of code and type structures");
            Console.WriteLine($"{"generic definition",-90} {"instances",9} {"bytes",10}");
            foreach (var group in generic.GroupBy(g => g.Instance.Definition).OrderByDescending(g => g.Sum(x => x.Row.Bytes)).Take(top))
            {
                Console.WriteLine($"{Clip(group.Key, 90),-90} {group.Select(x => x.Instance.Name).Distinct().Count(),9:N0} {group.Sum(x => x.Row.Bytes),10:N0}");
            }

            Console.WriteLine();
            Console.WriteLine($"{"instantiation",-110} {"bytes",10}");
            foreach (var group in generic.GroupBy(g => g.Instance.Name).OrderByDescending(g => g.Sum(x => x.Row.Bytes)).Take(top * 2))
            {
                Console.WriteLine($"{Clip(group.Key, 110),-110} {group.Sum(x => x.Row.Bytes),10:N0}");
            }

            Console.WriteLine();
        }

        var typesOf = args.SkipWhile(a => a != "--types").Skip(1).FirstOrDefault();
        if (typesOf is not null)
        {
            Console.WriteLine($"{"type (" + typesOf + ")",-100} {"code",9} {"types",8} {"data",9}");
            foreach (var group in rows.Where(r => r.Assembly == typesOf).GroupBy(r => reader.TypeOf(r.Token))
                .OrderByDescending(g => g.Sum(r => r.Bytes)).Take(top))
            {
                Console.WriteLine($"{Clip(group.Key, 100),-100} {Sum(group, "code"),9:N0} {Sum(group, "types"),8:N0} {Sum(group, "data"),9:N0}");
            }
        }

        return 0;
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private sealed partial class MstatReader
    {
        /// <summary>A readable name: <c>Namespace.Type</c>, <c>Type`1&lt;Arg&gt;</c>, <c>Type.Method</c>.</summary>
        public string Name(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                {
                    var type = _md.GetTypeReference((TypeReferenceHandle)handle);
                    var name = _md.GetString(type.Name);
                    return type.ResolutionScope.Kind == HandleKind.TypeReference
                        ? Name((TypeReferenceHandle)type.ResolutionScope) + "+" + name
                        : Qualified(_md.GetString(type.Namespace), name);
                }

                case HandleKind.TypeDefinition:
                {
                    var type = _md.GetTypeDefinition((TypeDefinitionHandle)handle);
                    return Qualified(_md.GetString(type.Namespace), _md.GetString(type.Name));
                }

                case HandleKind.TypeSpecification:
                    return _md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(new NameProvider(this), null);
                case HandleKind.MemberReference:
                {
                    var member = _md.GetMemberReference((MemberReferenceHandle)handle);
                    return Name(member.Parent) + "." + _md.GetString(member.Name);
                }

                case HandleKind.MethodSpecification:
                {
                    var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    return Name(spec.Method) + "<" + string.Join(",", spec.DecodeSignature(new NameProvider(this), null)) + ">";
                }

                case HandleKind.MethodDefinition:
                {
                    var method = _md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return Name(method.GetDeclaringType()) + "." + _md.GetString(method.Name);
                }

                case HandleKind.FieldDefinition:
                {
                    var field = _md.GetFieldDefinition((FieldDefinitionHandle)handle);
                    return Name(field.GetDeclaringType()) + "." + _md.GetString(field.Name);
                }

                default:
                    return handle.IsNil ? "(none)" : handle.Kind.ToString();
            }

            static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
        }

        /// <summary>The type an entity belongs to (a method's or field's declaring type), generic ones as their definition.</summary>
        public string TypeOf(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeSpecification => Name(GenericDefinition(_md.GetTypeSpecification((TypeSpecificationHandle)handle).Signature)),
            HandleKind.MemberReference => TypeOf(_md.GetMemberReference((MemberReferenceHandle)handle).Parent),
            HandleKind.MethodSpecification => TypeOf(_md.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
            HandleKind.MethodDefinition => Name(_md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()),
            HandleKind.FieldDefinition => Name(_md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()),
            _ => Name(handle),
        };

        /// <summary>
        /// The generic instantiation an entity is part of — a generic type's structure or any method of it
        /// (<c>List`1&lt;Jid&gt;</c>), or a generic method (<c>Enumerable.Select&lt;A,B&gt;</c>) — with its generic
        /// definition; null when it is not generic.
        /// </summary>
        public (string Name, string Definition)? Instantiation(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeSpecification:
                {
                    var signature = _md.GetTypeSpecification((TypeSpecificationHandle)handle).Signature;
                    if (_md.GetBlobReader(signature).ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                    {
                        return null; // an array or pointer of something
                    }

                    return (Name(handle), Name(GenericDefinition(signature)));
                }

                case HandleKind.MemberReference:
                    return Instantiation(_md.GetMemberReference((MemberReferenceHandle)handle).Parent);
                case HandleKind.MethodSpecification:
                {
                    var method = _md.GetMethodSpecification((MethodSpecificationHandle)handle).Method;
                    var owner = Instantiation(method); // a generic method of a generic type: Type`1<A>.M<B>
                    var definition = method.Kind == HandleKind.MemberReference
                        ? TypeOf(method) + "." + _md.GetString(_md.GetMemberReference((MemberReferenceHandle)method).Name)
                        : Name(method);
                    return (Name(handle), owner is null ? definition + "<>" : definition + "<> of " + owner.Value.Definition);
                }

                default:
                    return null;
            }
        }

        private sealed class NameProvider(MstatReader reader) : ISignatureTypeProvider<string, object?>
        {
            public string GetTypeFromDefinition(MetadataReader md, TypeDefinitionHandle handle, byte rawTypeKind) => Short(reader.Name(handle));

            public string GetTypeFromReference(MetadataReader md, TypeReferenceHandle handle, byte rawTypeKind) => Short(reader.Name(handle));

            public string GetTypeFromSpecification(MetadataReader md, object? context, TypeSpecificationHandle handle, byte rawTypeKind) => reader.Name(handle);

            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

            public string GetByReferenceType(string elementType) => elementType + "&";

            public string GetPointerType(string elementType) => elementType + "*";

            public string GetPinnedType(string elementType) => elementType;

            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

            public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

            public string GetGenericMethodParameter(object? context, int index) => "!!" + index;

            public string GetGenericTypeParameter(object? context, int index) => "!" + index;

            /// <summary>Framework types without their namespace (System.Collections.Generic.List`1 is List`1); ours keep it.</summary>
            private static string Short(string name) =>
                name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal) || name.StartsWith("Internal.", StringComparison.Ordinal)
                    ? name[(name.LastIndexOf('.') + 1)..]
                    : name;
        }
    }
}
